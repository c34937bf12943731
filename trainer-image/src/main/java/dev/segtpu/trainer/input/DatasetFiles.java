package dev.segtpu.trainer.input;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/**
 * Resolves a dataset's file glob (relative to the data directory) to its shards, in name order. A missing
 * directory or a glob matching nothing is a {@link DataException}: it is not a bad setting the operator
 * could reject up front, and retrying cannot make the files appear.
 */
public final class DatasetFiles {

  private DatasetFiles() {}

  /** The regular files under {@code dataDir} whose relative path matches {@code glob}; never empty. */
  public static List<Path> matching(Path dataDir, String glob) {
    if (!Files.isDirectory(dataDir)) {
      throw new DataException("data directory " + dataDir
          + " does not exist or is not a directory: check the data directory setting (SEGTPU_DATA_DIR) "
          + "and that the dataset volume is mounted");
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dataDir)) {
      files = walk.filter(Files::isRegularFile)
          .filter(file -> matcher.matches(dataDir.relativize(file)))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dataDir, e);
    }
    if (files.isEmpty()) {
      throw new DataException("no files in " + dataDir + " match the pattern '" + glob
          + "': the pattern is a glob relative to the data directory, e.g. train-*.tfrecord or voc/**/*.tfrecord");
    }
    return files;
  }

  /**
   * Checks that the spec's files exist, before the trainer spends time building the model: a wrong
   * directory or pattern fails in seconds instead of after graph construction and restore.
   */
  public static void requireShards(InputSpec spec) {
    if (spec.format() != DatasetFormat.SYNTHETIC) {
      matching(spec.dataDir(), spec.filePattern());
    }
  }
}
