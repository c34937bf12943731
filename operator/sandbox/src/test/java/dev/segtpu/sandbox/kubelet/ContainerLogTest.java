package dev.segtpu.sandbox.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerLogTest {

  @TempDir
  Path dir;

  /** A clock that moves one second per reading, so each line has its own time. */
  private static Clock ticking(Instant start) {
    return new Clock() {
      private Instant next = start;

      @Override
      public synchronized Instant instant() {
        Instant now = next;
        next = next.plusSeconds(1);
        return now;
      }

      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }
    };
  }

  private static void write(ContainerLogWriter writer, String stream, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    writer.append(stream, bytes, bytes.length, false);
  }

  private static String read(Path current, LogQuery query) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ContainerLogReader.read(current, query, bytes -> {
      out.writeBytes(bytes);
      return true;
    });
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void linesAreKeptInTheCriFormatWithTheirTimeAndStream() throws Exception {
    Path current = dir.resolve("trainer/0.log");
    ContainerLogWriter writer = new ContainerLogWriter(current, 1024, 3, ticking(Instant.parse("2026-01-02T03:04:05.5Z")));

    write(writer, "stdout", "step 1");
    write(writer, "stderr", "warning");

    assertThat(Files.readAllLines(current)).containsExactly(
        "2026-01-02T03:04:05.500Z stdout F step 1", "2026-01-02T03:04:06.500Z stderr F warning");
    assertThat(read(current, LogQuery.ALL)).isEqualTo("step 1\nwarning\n");
  }

  @Test
  void aFullFileIsRotatedAndOnlyTheNewestFilesAreKept() {
    Path current = dir.resolve("0.log");
    ContainerLogWriter writer = new ContainerLogWriter(current, 200, 3, ticking(Instant.parse("2026-01-02T03:04:05Z")));

    for (int i = 0; i < 40; i++) {
      write(writer, "stdout", "line " + i);
    }

    assertThat(ContainerLogWriter.rotated(current, 1)).exists();
    assertThat(ContainerLogWriter.rotated(current, 2)).exists();
    assertThat(ContainerLogWriter.rotated(current, 3)).as("current plus two rotations").doesNotExist();
    String log = read(current, LogQuery.ALL);
    assertThat(log).endsWith("line 38\nline 39\n").doesNotContain("line 0\n");
    assertThat(log.lines().map(l -> Integer.parseInt(l.substring(5)))).isSorted();
  }

  @Test
  void aLineLongerThanTheRuntimeBufferIsSplitIntoFragmentsAndReadBackWhole() throws Exception {
    Path current = dir.resolve("0.log");
    ContainerLogWriter writer = new ContainerLogWriter(current, 1024 * 1024, 2, Clock.systemUTC());
    String longLine = "x".repeat(ContainerLogWriter.MAX_LINE_BYTES + 10);

    writer.capture(new ByteArrayInputStream((longLine + "\nshort\nno newline at the end").getBytes(StandardCharsets.UTF_8)),
        "stdout", "test-pump");
    writer.drained().get(10, TimeUnit.SECONDS);

    assertThat(Files.readAllLines(current)).hasSize(4);
    assertThat(Files.readAllLines(current).get(0)).contains(" stdout P ");
    assertThat(read(current, LogQuery.ALL)).isEqualTo(longLine + "\nshort\nno newline at the end\n");
    assertThat(read(current, new LogQuery(2L, null, false, null))).as("the fragments count as one line")
        .isEqualTo("short\nno newline at the end\n");
  }

  @Test
  void tailSinceTimestampsAndLimitBytesSelectAsTheKubeletDoes() {
    Path current = dir.resolve("0.log");
    ContainerLogWriter writer = new ContainerLogWriter(current, 1024 * 1024, 2, ticking(Instant.parse("2026-01-02T03:04:05Z")));
    for (int i = 0; i < 5; i++) {
      write(writer, "stdout", "line " + i);
    }

    assertThat(read(current, new LogQuery(2L, null, false, null))).isEqualTo("line 3\nline 4\n");
    assertThat(read(current, new LogQuery(0L, null, false, null))).isEmpty();
    assertThat(read(current, new LogQuery(null, Instant.parse("2026-01-02T03:04:08Z"), false, null)))
        .isEqualTo("line 3\nline 4\n");
    assertThat(read(current, new LogQuery(1L, null, true, null))).isEqualTo("2026-01-02T03:04:09.000000000Z line 4\n");
    assertThat(read(current, new LogQuery(null, null, false, 9L))).isEqualTo("line 0\nli");
  }

  @Test
  void followStreamsNewLinesAcrossRotationsUntilTheContainerEnds() throws Exception {
    Path current = dir.resolve("0.log");
    ContainerLogWriter writer = new ContainerLogWriter(current, 120, 5, Clock.systemUTC());
    write(writer, "stdout", "before");
    AtomicBoolean running = new AtomicBoolean(true);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread follower = new Thread(() -> {
      try {
        ContainerLogReader.follow(current, LogQuery.ALL, bytes -> {
          synchronized (out) {
            out.writeBytes(bytes);
          }
          return true;
        }, running::get);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    follower.start();

    for (int i = 0; i < 6; i++) {
      write(writer, "stdout", "later " + i);
      Thread.sleep(150);
    }
    running.set(false);
    follower.join(Duration.ofSeconds(10).toMillis());

    assertThat(follower.isAlive()).as("follow ends with the container").isFalse();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("before\nlater 0\nlater 1\nlater 2\nlater 3\nlater 4\nlater 5\n");
  }
}
