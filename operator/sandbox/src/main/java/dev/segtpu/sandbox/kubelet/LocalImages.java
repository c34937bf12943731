package dev.segtpu.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The sandbox has no container runtime: each image is mapped to a local command that stands in for
 * its entrypoint. The segtpu trainer image runs the trainer's main class in a child JVM on the trainer
 * build's classpath, {@code segtpu-standin} runs {@code StandInTrainer}, and any other image runs the
 * container's {@code command} as a local program.
 */
public final class LocalImages {

  static final String TRAINER_MAIN = "dev.segtpu.trainer.TrainerMain";
  static final String TRAINER_IMAGE = "segtpu-trainer";
  /** A contract-honouring stand-in without TensorFlow, for operator-level tests (see StandInTrainer). */
  public static final String STANDIN_IMAGE = "segtpu-standin";
  static final String STANDIN_MAIN = "dev.segtpu.sandbox.standin.StandInTrainer";

  private final String classpath;
  private final List<String> trainerJvmOptions;

  public LocalImages(String classpath, List<String> trainerJvmOptions) {
    this.classpath = classpath;
    this.trainerJvmOptions = List.copyOf(trainerJvmOptions);
  }

  /**
   * Runs trainers on the trainer module's own classpath (never the sandbox's: their dependencies, such
   * as protobuf versions, differ), named by the system properties {@code segtpu.trainer.classes} and
   * {@code segtpu.trainer.classpath.file} that the segtpu script and the build set.
   */
  public static LocalImages forTrainerBuild() {
    String classes = System.getProperty("segtpu.trainer.classes");
    String classpathFile = System.getProperty("segtpu.trainer.classpath.file");
    if (classes == null || classpathFile == null) {
      throw new IllegalStateException("set -Dsegtpu.trainer.classes and -Dsegtpu.trainer.classpath.file "
          + "(the segtpu script does) so the sandbox can launch trainers");
    }
    String dependencies;
    try {
      dependencies = java.nio.file.Files.readString(Path.of(classpathFile)).trim();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot read the trainer classpath " + classpathFile
          + "; build the trainer first: mvn -pl trainer-image package -DskipTests", e);
    }
    List<String> options = new ArrayList<>(List.of("-Xmx2g"));
    // TensorFlow's native library is unpacked once into this cache; every trainer reuses it.
    String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
    if (cache != null) {
      options.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
    }
    return new LocalImages(classes + java.io.File.pathSeparator + dependencies, options);
  }

  /**
   * The environment the trainer image sets (trainer-image/Dockerfile's ENV; a test keeps the two equal):
   * TensorFlow's oneDNN kernels, its BFC allocator, malloc huge pages and deterministic kernels, read once when
   * TensorFlow loads.
   */
  static final Map<String, String> TRAINER_IMAGE_ENV = Map.of(
      "TF_ENABLE_ONEDNN_OPTS", "1",
      "TF_CPU_ALLOCATOR_USE_BFC", "true",
      "GLIBC_TUNABLES", "glibc.malloc.hugetlb=1",
      "TF_DETERMINISTIC_OPS", "1");

  /** The environment the image itself sets, under the pod's own variables. */
  public Map<String, String> imageEnvironment(Container container) {
    return isTrainerImage(container.getImage()) ? TRAINER_IMAGE_ENV : Map.of();
  }

  /** The command line that stands in for {@code container}'s image entrypoint, args included. */
  public List<String> commandLine(Container container) {
    return commandLine(container, UnaryOperator.identity());
  }

  /**
   * The command line, with {@code containerPath} applied to what comes from the container (its command
   * and args, which name container paths) but not to the stand-in's own java and classpath.
   */
  public List<String> commandLine(Container container, UnaryOperator<String> containerPath) {
    return commandLine(container, containerPath, List.of());
  }

  /**
   * As {@link #commandLine(Container, UnaryOperator)}, with {@code podJvmOptions} for the JVM of a trainer or
   * stand-in (what the sandbox gives each pod, such as its DNS; see {@link ClusterDns}).
   */
  public List<String> commandLine(Container container, UnaryOperator<String> containerPath, List<String> podJvmOptions) {
    List<String> command = new ArrayList<>();
    if (isTrainerImage(container.getImage())) {
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(trainerJvmOptions);
      command.addAll(podJvmOptions);
      command.add("-cp");
      command.add(classpath);
      command.add(TRAINER_MAIN);
    } else if (isImage(container.getImage(), STANDIN_IMAGE)) {
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(List.of("-Xmx64m", "-XX:TieredStopAtLevel=1"));
      command.addAll(podJvmOptions);
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), STANDIN_MAIN));
    } else if (container.getCommand() != null && !container.getCommand().isEmpty()) {
      container.getCommand().stream().map(containerPath).forEach(command::add);
    } else {
      throw new IllegalArgumentException("image " + container.getImage() + " has no local stand-in in the sandbox; "
          + "use the segtpu trainer image or give the container a command");
    }
    if (container.getArgs() != null) {
      container.getArgs().stream().map(containerPath).forEach(command::add);
    }
    return command;
  }

  static boolean isTrainerImage(String image) {
    return isImage(image, TRAINER_IMAGE);
  }

  /** Whether the image's repository is {@code name} or ends in {@code /name}, whatever its tag or digest. */
  static boolean isImage(String image, String name) {
    if (image == null) {
      return false;
    }
    String repository = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int tag = repository.lastIndexOf(':');
    if (tag > repository.lastIndexOf('/')) {
      repository = repository.substring(0, tag);
    }
    return repository.endsWith("/" + name) || repository.equals(name);
  }
}
