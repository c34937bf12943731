package dev.segtpu.system.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Dockerfile read the way {@code docker build} reads it: comments dropped, continuation lines
 * joined, instructions grouped into stages. Only what our two Dockerfiles use is understood.
 */
record Dockerfile(List<Stage> stages) {

  /** One instruction, e.g. {@code COPY operator/api/src operator/api/src}. */
  record Instruction(String keyword, String arguments) {}

  /** A {@code FROM ... [AS name]} and what follows it. */
  record Stage(String image, String name, List<Instruction> instructions) {

    List<Instruction> all(String keyword) {
      return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    Optional<String> last(String keyword) {
      List<Instruction> found = all(keyword);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1).arguments());
    }

    /** {@code ARG NAME=default} values, for substituting {@code ${NAME}}. */
    Map<String, String> arguments() {
      Map<String, String> args = new LinkedHashMap<>();
      for (Instruction arg : all("ARG")) {
        String[] parts = arg.arguments().split("=", 2);
        args.put(parts[0].trim(), parts.length > 1 ? parts[1].trim() : "");
      }
      return args;
    }
  }

  static Dockerfile read(Path file) throws IOException {
    List<String> logical = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(file)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.append(trimmed);
      logical.add(current.toString().strip());
      current.setLength(0);
    }
    List<Stage> stages = new ArrayList<>();
    for (String line : logical) {
      if (line.isEmpty()) {
        continue;
      }
      String[] parts = line.split("\\s+", 2);
      String keyword = parts[0].toUpperCase(java.util.Locale.ROOT);
      String arguments = parts.length > 1 ? parts[1] : "";
      if (keyword.equals("FROM")) {
        String[] from = arguments.split("\\s+");
        String name = from.length >= 3 && from[1].equalsIgnoreCase("AS") ? from[2] : null;
        stages.add(new Stage(from[0], name, new ArrayList<>()));
      } else {
        stages.get(stages.size() - 1).instructions().add(new Instruction(keyword, arguments));
      }
    }
    return new Dockerfile(stages);
  }

  Stage stage(String name) {
    return stages.stream().filter(s -> name.equals(s.name())).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no stage " + name));
  }

  Stage runtime() {
    return stages.get(stages.size() - 1);
  }
}
