package dev.segtpu.trainer.checkpoint;

import dev.segtpu.trainer.checkpoint.CheckpointMetadata.FileDigest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few file operations checkpoints are built from, chosen so they mean the same on POSIX and on object
 * storage mounted with Cloud Storage FUSE: create a new file with one write and close it (an object
 * appears whole when its writer closes it), fsync it and its directory (POSIX durability), delete. No
 * rename anywhere: a directory rename is refused on flat buckets and a file rename is copy then delete.
 * Only {@code Files.*} and channels, never {@code File}, so any {@code java.nio} file system works.
 */
final class DurableFiles {

  private static final Logger LOG = LoggerFactory.getLogger(DurableFiles.class);
  private static volatile boolean directorySyncRefusedLogged;

  private DurableFiles() {}

  /**
   * Creates {@code file}, which must not exist, with {@code content} in one write, fsyncs and closes it.
   * On object storage the close is the atomic upload; on POSIX a crash may leave a shorter file, which
   * readers must treat as absent.
   */
  static void createNew(Path file, byte[] content) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
  }

  /** fsync of a file written by someone else (TensorFlow's SaveV2), so its bytes are on disk before the marker names them. */
  static void sync(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /**
   * fsync of a directory, so the names of the files just created in it survive power loss (Linux opens a
   * directory for reading). File systems that refuse it have no such window (object storage); that is
   * logged once, not fatal.
   */
  static void syncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      if (!directorySyncRefusedLogged) {
        directorySyncRefusedLogged = true;
        LOG.info("cannot fsync directory {} ({}); fine on object storage, a durability gap on a local disk", directory, e.toString());
      }
    }
  }

  static FileDigest digest(Path file) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long size = 0;
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
        size += n;
      }
    }
    return new FileDigest(size, HexFormat.of().formatHex(sha.digest()));
  }

  /** Deletes files before their directories; a path that is already gone is fine. */
  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    List<Path> all;
    try (Stream<Path> walk = Files.walk(path)) {
      all = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : all) {
      Files.deleteIfExists(p);
    }
  }
}
