package dev.segtpu.api;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The example manifests under the repository's examples/ folder, as test fixtures. */
public final class Examples {

  public static final Path DIRECTORY = Path.of("..", "..", "examples");

  private Examples() {}

  public static SegmentationTrainingJob load(String fileName) {
    try (InputStream in = Files.newInputStream(DIRECTORY.resolve(fileName))) {
      return Serialization.unmarshal(in, SegmentationTrainingJob.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
