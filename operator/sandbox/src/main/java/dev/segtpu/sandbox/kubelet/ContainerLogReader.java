package dev.segtpu.sandbox.kubelet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Reads a container's log as the kubelet answers {@code /containerLogs}: the rotated files oldest first,
 * then the current one; {@code tailLines}, {@code since}, {@code timestamps} and {@code limitBytes}
 * applied; and for {@code follow}, new lines as the runtime writes them (across rotations) until the
 * container is no longer running or the receiver stops taking them.
 */
public final class ContainerLogReader {

  private static final Duration FOLLOW_POLL = Duration.ofMillis(100);

  private ContainerLogReader() {}

  /** The log as it is now. */
  public static void read(Path current, LogQuery query, LogSink sink) {
    try (Cursor cursor = Cursor.open(current)) {
      emit(tail(cursor.history(), query.tailLines()), query, limited(sink, query.limitBytes()));
    }
  }

  /**
   * The log as it is now, then every new line until {@code running} says the container ended (the lines
   * it wrote last included) or {@code sink} refuses more.
   */
  public static void follow(Path current, LogQuery query, LogSink sink, BooleanSupplier running)
      throws InterruptedException {
    LogSink out = limited(sink, query.limitBytes());
    try (Cursor cursor = Cursor.open(current)) {
      if (!emit(tail(cursor.history(), query.tailLines()), query, out)) {
        return;
      }
      while (true) {
        boolean ended = !running.getAsBoolean();
        List<CriLogLine> fresh = cursor.poll();
        if (!emit(fresh, query, out)) {
          return;
        }
        if (fresh.isEmpty()) {
          if (cursor.reopenIfRotated()) {
            continue;
          }
          if (ended) {
            return;
          }
          if (!out.accept(new byte[0])) {
            return;
          }
          Thread.sleep(FOLLOW_POLL.toMillis());
        }
      }
    }
  }

  /** Every entry now in the files, oldest first; for the kubelet's termination message and tests. */
  static List<CriLogLine> entries(Path current) {
    try (Cursor cursor = Cursor.open(current)) {
      return cursor.history();
    }
  }

  /** The entries that make up the last {@code lines} lines; fragments belong to the line they start. */
  static List<CriLogLine> tail(List<CriLogLine> entries, Long lines) {
    if (lines == null) {
      return entries;
    }
    long seen = 0;
    for (int i = entries.size() - 1; i >= 0; i--) {
      boolean endsLine = !entries.get(i).partial() || i == entries.size() - 1;
      if (endsLine && seen++ == lines) {
        return entries.subList(i + 1, entries.size());
      }
    }
    return entries;
  }

  private static boolean emit(List<CriLogLine> entries, LogQuery query, LogSink sink) {
    for (CriLogLine entry : entries) {
      if (query.since() != null && entry.time().isBefore(query.since())) {
        continue;
      }
      if (!sink.accept(entry.output(query.timestamps()))) {
        return false;
      }
    }
    return true;
  }

  /** {@code sink} cut off after {@code limit} bytes, mid-line if need be, as the kubelet's limitBytes does. */
  static LogSink limited(LogSink sink, Long limit) {
    if (limit == null) {
      return sink;
    }
    long[] left = {limit};
    return bytes -> {
      if (left[0] <= 0) {
        return false;
      }
      int take = (int) Math.min(bytes.length, left[0]);
      left[0] -= take;
      boolean more = sink.accept(take == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, take));
      return more && left[0] > 0;
    };
  }

  /** A position in the current file, remembering which file (inode) it is so a rotation is noticed. */
  private static final class Cursor implements AutoCloseable {

    private final Path current;
    private FileChannel channel;
    private Object fileKey;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private Cursor(Path current) {
      this.current = current;
    }

    static Cursor open(Path current) {
      Cursor cursor = new Cursor(current);
      cursor.reopen();
      return cursor;
    }

    /** The rotated files, oldest first (skipping the one still open here, if it was just rotated), then the open file. */
    List<CriLogLine> history() {
      List<CriLogLine> entries = new ArrayList<>();
      List<Path> rotations = new ArrayList<>();
      for (int n = 1; Files.exists(ContainerLogWriter.rotated(current, n)); n++) {
        rotations.add(0, ContainerLogWriter.rotated(current, n));
      }
      for (Path rotation : rotations) {
        try {
          if (fileKey == null || !fileKey.equals(key(rotation))) {
            Files.readAllLines(rotation, StandardCharsets.UTF_8).forEach(line -> CriLogLine.parse(line).ifPresent(entries::add));
          }
        } catch (NoSuchFileException e) {
          // rotated away while being read: the runtime's retention dropped it
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read container log " + rotation, e);
        }
      }
      entries.addAll(poll());
      return entries;
    }

    /** Complete lines appended since the last call. */
    List<CriLogLine> poll() {
      List<CriLogLine> entries = new ArrayList<>();
      if (channel == null) {
        return entries;
      }
      try {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        while (channel.read(buffer) > 0) {
          buffer.flip();
          pending.write(buffer.array(), 0, buffer.limit());
          buffer.clear();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read container log " + current, e);
      }
      byte[] bytes = pending.toByteArray();
      int start = 0;
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == '\n') {
          CriLogLine.parse(new String(bytes, start, i - start, StandardCharsets.UTF_8)).ifPresent(entries::add);
          start = i + 1;
        }
      }
      pending.reset();
      pending.write(bytes, start, bytes.length - start);
      return entries;
    }

    /** Switches to the new current file if the one open here was rotated away; true if it did. */
    boolean reopenIfRotated() {
      Object now = key(current);
      if (now == null || Objects.equals(now, fileKey)) {
        return false;
      }
      reopen();
      return true;
    }

    private void reopen() {
      close();
      pending.reset();
      try {
        channel = FileChannel.open(current, StandardOpenOption.READ);
        fileKey = key(current);
      } catch (NoSuchFileException e) {
        channel = null;
        fileKey = null;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open container log " + current, e);
      }
    }

    private static Object key(Path file) {
      try {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
      } catch (IOException e) {
        return null;
      }
    }

    @Override
    public void close() {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException e) {
          // read-only: nothing to lose
        }
      }
    }
  }
}
