package dev.segtpu.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sandbox has no container runtime: each image is mapped to a local command that stands in for
 * its entrypoint. The segtpu trainer image runs the trainer's main class in a child JVM on this
 * process's classpath; any other image runs the container's {@code command} as a local program.
 */
public final class LocalImages {

  static final String TRAINER_MAIN = "dev.segtpu.trainer.TrainerMain";

  private final String classpath;
  private final List<String> trainerJvmOptions;

  public LocalImages(String classpath, List<String> trainerJvmOptions) {
    this.classpath = classpath;
    this.trainerJvmOptions = List.copyOf(trainerJvmOptions);
  }

  /** Runs trainers on the classpath of the current JVM. */
  public static LocalImages fromCurrentJvm() {
    List<String> options = new ArrayList<>(List.of("-Xmx2g"));
    // TensorFlow's native library is unpacked once into this cache; children reuse the parent's.
    String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
    if (cache != null) {
      options.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
    }
    return new LocalImages(System.getProperty("java.class.path"), options);
  }

  /** The command line that stands in for {@code container}'s image entrypoint, args included. */
  public List<String> commandLine(Container container) {
    List<String> command = new ArrayList<>();
    if (isTrainerImage(container.getImage())) {
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(trainerJvmOptions);
      command.add("-cp");
      command.add(classpath);
      command.add(TRAINER_MAIN);
    } else if (container.getCommand() != null && !container.getCommand().isEmpty()) {
      command.addAll(container.getCommand());
    } else {
      throw new IllegalArgumentException("image " + container.getImage() + " has no local stand-in in the sandbox; "
          + "use the segtpu trainer image or give the container a command");
    }
    if (container.getArgs() != null) {
      command.addAll(container.getArgs());
    }
    return command;
  }

  static boolean isTrainerImage(String image) {
    if (image == null) {
      return false;
    }
    String repository = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int tag = repository.lastIndexOf(':');
    if (tag > repository.lastIndexOf('/')) {
      repository = repository.substring(0, tag);
    }
    return repository.endsWith("/segtpu-trainer") || repository.equals("segtpu-trainer");
  }
}
