package dev.segtpu.operator.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds the binaries of Debian's prometheus package (prometheus, promtool) for the tests. CI extracts
 * the package with .ci/install-prometheus.sh into .tools/prometheus; when it is nowhere to be found the
 * tests extract it themselves into target/prometheus. Never installed: the package starts a daemon.
 */
public final class PrometheusPackage {

  private final Path repo;
  private final Path extracted = Path.of("target/prometheus").toAbsolutePath();
  private final List<Path> searched = new ArrayList<>();
  private String fetchLog = "";

  public PrometheusPackage(Path repo) {
    this.repo = repo;
  }

  /** The binary, extracting the package first if no candidate location has it. */
  public Optional<Path> binary(String name) throws IOException, InterruptedException {
    Optional<Path> found = candidates(name).stream().filter(Files::isExecutable).findFirst();
    if (found.isEmpty()) {
      fetchLog = run(List.of("bash", repo.resolve(".ci/install-prometheus.sh").toString(), extracted.toString()), 300).output();
      found = Optional.of(extracted.resolve("usr/bin").resolve(name)).filter(Files::isExecutable);
    }
    return found;
  }

  /** For skip messages: every place looked at and what the extraction said. */
  public String whereItLooked() {
    return "looked in " + searched + " and could not extract it with .ci/install-prometheus.sh " + extracted + ":\n" + fetchLog;
  }

  private List<Path> candidates(String name) {
    List<Path> candidates = new ArrayList<>();
    Optional.ofNullable(System.getenv(name.toUpperCase())).map(Path::of).ifPresent(candidates::add);
    candidates.add(repo.resolve(".tools/prometheus/usr/bin").resolve(name));
    candidates.add(extracted.resolve("usr/bin").resolve(name));
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      candidates.add(Path.of(dir, name));
    }
    searched.addAll(candidates);
    return candidates;
  }

  record Run(int exitCode, String output) {}

  static Run run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Run(-1, "timed out after " + timeoutSeconds + " s: " + command);
    }
    return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
