package dev.segtpu.system.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.segtpu.contract.TrainerContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two images' build stages, without a Docker engine (none can run here): each Dockerfile's
 * {@code COPY} context is assembled into an empty folder exactly as the instructions name it, and its
 * {@code RUN mvn ...} steps run there offline, against the dependencies this build already fetched. A
 * path the image needs but does not copy fails the build, as it would in {@code docker build}. The
 * runtime stage's user, entrypoint and port are checked against what the chart and the contract expect.
 *
 * <p>What differs from {@code docker build}: the base image's Maven and JDK are this machine's; the
 * {@code /opt/segtpu} output goes to a temporary folder; steps that are not Maven or a copy (the trainer
 * unpacking TensorFlow's 700 MB native library with jshell) are not run, nor is {@code dependency:go-offline}
 * (a prefetch for the layer cache whose reporting plugins no build here uses); both are listed in the test log.
 */
class DockerfileBuildStagesTest {

  static final Path REPO = Path.of("..", "..").toAbsolutePath().normalize();
  private static final long STEP_TIMEOUT_MINUTES = 10;

  @TempDir
  Path work;

  /** What the build stage produced: the folder standing in for /opt/segtpu. */
  private Path build(String dockerfile) throws Exception {
    Dockerfile file = Dockerfile.read(REPO.resolve(dockerfile));
    Dockerfile.Stage build = file.stage("build");
    assertThat(build.last("WORKDIR")).hasValue("/src");
    Path src = Files.createDirectories(work.resolve("src"));
    Path opt = Files.createDirectories(work.resolve("opt"));
    Map<String, String> args = build.arguments();
    for (Dockerfile.Instruction instruction : build.instructions()) {
      switch (instruction.keyword()) {
        case "COPY" -> copy(instruction.arguments(), src);
        case "RUN" -> {
          for (String command : instruction.arguments().split("&&")) {
            run(substitute(command.strip(), args), src, opt);
          }
        }
        default -> { }
      }
    }
    return opt.resolve("segtpu");
  }

  private static String substitute(String command, Map<String, String> args) {
    String result = command;
    for (Map.Entry<String, String> arg : args.entrySet()) {
      result = result.replace("${" + arg.getKey() + "}", arg.getValue()).replace("$" + arg.getKey(), arg.getValue());
    }
    return result;
  }

  /** {@code COPY source... destination}, sources relative to the build context (the repository root). */
  private static void copy(String arguments, Path src) throws IOException {
    String[] parts = arguments.split("\\s+");
    String destination = parts[parts.length - 1];
    for (int i = 0; i < parts.length - 1; i++) {
      Path source = REPO.resolve(parts[i]);
      assertThat(source).as("COPY %s: the build context has it", parts[i]).exists();
      Path target = src.resolve(destination.equals("./") ? "" : destination);
      if (Files.isDirectory(source)) {
        copyTree(source, target);
      } else {
        Path file = destination.endsWith("/") || destination.equals("./") ? target.resolve(source.getFileName()) : target;
        Files.createDirectories(file.getParent());
        Files.copy(source, file, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path path : walk.toList()) {
        if (path.toString().contains("/target/") || path.getFileName().toString().equals("target")) {
          continue;
        }
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void run(String command, Path src, Path opt) throws Exception {
    String local = command.replace("/opt/segtpu", opt.resolve("segtpu").toString());
    List<String> argv = new ArrayList<>(List.of("bash", "-c"));
    if (local.startsWith("mvn ") && local.contains("dependency:go-offline")) {
      // a prefetch for docker's layer cache: its reporting plugins are not part of any build here, and every
      // dependency it would fetch is resolved again, offline, by the steps that follow
      System.out.println("prefetch only, not run offline: " + command);
      return;
    } else if (local.startsWith("mvn ")) {
      // offline, against what this build already fetched: a missing path cannot be papered over by a download
      argv.add("mvn -o " + local.substring(4));
    } else if (local.startsWith("cp ")) {
      argv.add(local);
    } else {
      System.out.println("not run here (no Maven, no copy): " + command);
      return;
    }
    Process process = new ProcessBuilder(argv).directory(src.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(STEP_TIMEOUT_MINUTES, TimeUnit.MINUTES)).as(command).isTrue();
    assertThat(process.exitValue()).as("RUN %s%n%s", command, output).isZero();
  }

  private static boolean hasClass(Path lib, String className) throws IOException {
    String entry = className.replace('.', '/') + ".class";
    try (Stream<Path> jars = Files.list(lib)) {
      for (Path jar : jars.filter(j -> j.toString().endsWith(".jar")).toList()) {
        try (JarFile file = new JarFile(jar.toFile())) {
          if (file.getEntry(entry) != null) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static String mainClass(Dockerfile.Stage runtime) {
    String entrypoint = runtime.last("ENTRYPOINT").orElseThrow();
    String[] parts = entrypoint.replaceAll("[\\[\\]\"]", "").split(",\\s*");
    return parts[parts.length - 1].strip();
  }

  private static JsonNode chartValues() throws IOException {
    return new ObjectMapper(new YAMLFactory()).readTree(REPO.resolve("helm/segtpu-operator/values.yaml").toFile());
  }

  @Test
  void theOperatorImageBuildsFromWhatItCopiesAndRunsAsTheChartExpects() throws Exception {
    Path opt = build("operator/Dockerfile");
    Dockerfile.Stage runtime = Dockerfile.read(REPO.resolve("operator/Dockerfile")).runtime();

    assertThat(hasClass(opt.resolve("lib"), mainClass(runtime))).as("the entrypoint's class is in the image").isTrue();
    assertThat(hasClass(opt.resolve("lib"), "dev.segtpu.contract.TrainerContract")).as("the contract module is in the image").isTrue();
    JsonNode values = chartValues();
    assertThat(runtime.last("USER")).hasValue(values.at("/podSecurityContext/runAsUser").asText() + ":"
        + values.at("/podSecurityContext/runAsGroup").asText());
    assertThat(runtime.last("EXPOSE")).hasValue(values.at("/metrics/port").asText());
  }

  @Test
  void theTrainerImageBuildsFromWhatItCopiesAndServesTheContractsPort() throws Exception {
    Path opt = build("trainer-image/Dockerfile");
    Dockerfile.Stage runtime = Dockerfile.read(REPO.resolve("trainer-image/Dockerfile")).runtime();

    assertThat(hasClass(opt.resolve("lib"), mainClass(runtime))).as("the entrypoint's class is in the image").isTrue();
    assertThat(hasClass(opt.resolve("lib"), "dev.segtpu.contract.StatusDocument")).as("the contract module is in the image").isTrue();
    assertThat(runtime.last("EXPOSE")).hasValue(String.valueOf(TrainerContract.DEFAULT_STATUS_PORT));
  }

  /** Numeric, so runAsNonRoot can check it; the operator's, so the files the trainer writes are owned alike either way. */
  @Test
  void theTrainerImageRunsAsTheUserTheOperatorGivesTrainerPods() throws Exception {
    Dockerfile.Stage runtime = Dockerfile.read(REPO.resolve("trainer-image/Dockerfile")).runtime();

    assertThat(runtime.last("USER")).hasValue(TrainerContract.TRAINER_UID + ":" + TrainerContract.TRAINER_UID);
  }
}
