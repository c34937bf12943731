package dev.segtpu.sandbox.kubelet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps one container instance's stdout and stderr as the container runtime and the kubelet do on a
 * node: each line with its time and stream in the CRI format ({@link CriLogLine}), lines longer than
 * the runtime's 16 KiB buffer split into fragments, and the file rotated once it would exceed its size
 * bound ({@code 0.log} becomes {@code 0.log.1}, older rotations move up and the oldest is dropped), so
 * a chatty trainer never fills the disk. Unlike the kubelet it does not gzip rotated files: they are
 * few and bounded, and plain files keep the reader simple.
 */
final class ContainerLogWriter {

  /** containerd's default max_container_log_line_size. */
  static final int MAX_LINE_BYTES = 16 * 1024;

  private final Path current;
  private final long maxBytes;
  private final int maxFiles;
  private final Clock clock;
  private final List<CompletableFuture<Void>> pumps = new ArrayList<>();
  private FileChannel channel;
  private long size;

  /**
   * @param current the file being written, e.g. {@code .../trainer/0.log}
   * @param maxBytes the kubelet's containerLogMaxSize
   * @param maxFiles the kubelet's containerLogMaxFiles: the current file and its rotations
   */
  ContainerLogWriter(Path current, long maxBytes, int maxFiles, Clock clock) {
    if (maxFiles < 2) {
      throw new IllegalArgumentException("containerLogMaxFiles must be at least 2, was " + maxFiles);
    }
    this.current = current;
    this.maxBytes = maxBytes;
    this.maxFiles = maxFiles;
    this.clock = clock;
    try {
      Files.createDirectories(current.getParent());
      open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open container log " + current, e);
    }
  }

  /** Copies {@code output} (a process's stdout or stderr) into the log on a thread of its own until it ends. */
  synchronized void capture(InputStream output, String stream, String threadName) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    pumps.add(done);
    Thread pump = new Thread(() -> {
      try (InputStream in = output) {
        try {
          pump(in, stream);
        } catch (UncheckedIOException e) {
          // the log cannot be written (disk full?): keep reading so the process never blocks on a full pipe
          in.transferTo(java.io.OutputStream.nullOutputStream());
        }
      } catch (IOException e) {
        // the process is gone and took its pipe with it: nothing more to keep
      } finally {
        done.complete(null);
      }
    }, threadName);
    pump.setDaemon(true);
    pump.start();
  }

  /** Completes once every captured stream has ended and all its lines are in the file. */
  synchronized CompletableFuture<Void> drained() {
    return CompletableFuture.allOf(pumps.toArray(CompletableFuture[]::new));
  }

  /** Closes the file; call once the captured streams are drained. */
  synchronized void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // closing a file we only appended to: nothing is lost
    }
  }

  private void pump(InputStream in, String stream) throws IOException {
    byte[] line = new byte[MAX_LINE_BYTES];
    int length = 0;
    int next;
    while ((next = in.read()) != -1) {
      if (next == '\n') {
        append(stream, line, length, false);
        length = 0;
        continue;
      }
      if (length == line.length) {
        int cut = characterBoundary(line, length, next);
        append(stream, line, cut, true);
        System.arraycopy(line, cut, line, 0, length - cut);
        length -= cut;
      }
      line[length++] = (byte) next;
    }
    if (length > 0) {
      append(stream, line, length, false);
    }
  }

  /**
   * Where a full buffer may end a fragment without splitting a UTF-8 character: before the character
   * that {@code next} (the byte after the buffer) continues, if it is a continuation byte.
   */
  private static int characterBoundary(byte[] bytes, int length, int next) {
    int cut = length;
    int following = next;
    while (cut > length - 4 && cut > 0 && (following & 0xC0) == 0x80) {
      cut--;
      following = bytes[cut];
    }
    return cut == 0 || (following & 0xC0) == 0x80 ? length : cut;
  }

  /** Writes one entry now, rotating first if it would not fit. */
  synchronized void append(String stream, byte[] text, int length, boolean partial) {
    String entry = new CriLogLine(clock.instant(), stream, partial,
        new String(text, 0, length, StandardCharsets.UTF_8)).fileLine();
    byte[] bytes = entry.getBytes(StandardCharsets.UTF_8);
    try {
      if (size > 0 && size + bytes.length > maxBytes) {
        rotate();
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      size += bytes.length;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write container log " + current, e);
    }
  }

  private void rotate() throws IOException {
    channel.close();
    Files.deleteIfExists(rotated(current, maxFiles - 1));
    for (int i = maxFiles - 2; i >= 1; i--) {
      if (Files.exists(rotated(current, i))) {
        Files.move(rotated(current, i), rotated(current, i + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.move(current, rotated(current, 1), StandardCopyOption.REPLACE_EXISTING);
    open();
  }

  private void open() throws IOException {
    channel = FileChannel.open(current, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    size = channel.size();
  }

  /** The {@code n}-th newest rotation of {@code current}: {@code 0.log.1} is the one rotated last. */
  static Path rotated(Path current, int n) {
    return current.resolveSibling(current.getFileName() + "." + n);
  }
}
