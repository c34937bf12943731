package dev.segtpu.operator.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The trainer image is the job author's: its GET /status may stream without end, stall after the
 * headers, or answer with anything. The poller reads at most {@link TrainerStatusPoller#MAX_BODY_BYTES}
 * within its timeout, cuts the connection, and counts such an answer as no report.
 */
class TrainerStatusLimitsTest {

  /** Bounds of the misbehaving endpoints themselves, so a broken poller cannot hang the test. */
  private static final long STREAM_LIMIT_BYTES = 256L * 1024 * 1024;
  private static final long STREAM_LIMIT_MILLIS = 20_000;

  HttpServer trainer;
  final AtomicLong bytesSent = new AtomicLong();
  final AtomicReference<String> mode = new AtomicReference<>("endless");
  TrainerStatusPoller poller;

  @BeforeEach
  void start() throws IOException {
    trainer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    trainer.createContext("/status", this::answer);
    trainer.setExecutor(Executors.newCachedThreadPool());
    trainer.start();
    poller = new TrainerStatusPoller(Duration.ofSeconds(1), Duration.ZERO, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    poller.close();
    trainer.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    long started = System.currentTimeMillis();
    try (OutputStream out = exchange.getResponseBody()) {
      switch (mode.get()) {
        case "endless" -> {
          exchange.sendResponseHeaders(200, 0);  // chunked, no length
          byte[] chunk = "{\"phase\":\"training\",\"padding\":\"".concat("x".repeat(8000)).getBytes(StandardCharsets.UTF_8);
          while (bytesSent.get() < STREAM_LIMIT_BYTES && System.currentTimeMillis() - started < STREAM_LIMIT_MILLIS) {
            out.write(chunk);
            out.flush();
            bytesSent.addAndGet(chunk.length);
          }
        }
        case "stalled" -> {
          exchange.sendResponseHeaders(200, 0);
          out.write("{\"phase\":".getBytes(StandardCharsets.UTF_8));
          out.flush();
          Thread.sleep(STREAM_LIMIT_MILLIS / 4);
        }
        default -> {
          byte[] body = "<html>not a report</html>".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          out.write(body);
        }
      }
    } catch (IOException | InterruptedException e) {
      // the poller hung up: what it should do
    }
  }

  private int port() {
    return trainer.getAddress().getPort();
  }

  @Test
  void anEndlessAnswerIsCutOffAtTheSizeLimitAndCountsAsNoReport() {
    poller.refresh("ml/endless", 1, "127.0.0.1", port());

    await().atMost(Duration.ofSeconds(10)).until(() -> poller.latest("ml/endless", 1).isPresent());
    TrainerStatusPoller.Observation observation = poller.latest("ml/endless", 1).orElseThrow();
    assertThat(observation.report()).isNull();
    assertThat(observation.lastError()).contains("larger than " + TrainerStatusPoller.MAX_BODY_BYTES + " bytes");
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      long before = bytesSent.get();
      Thread.sleep(300);
      return bytesSent.get() == before;
    });
    assertThat(bytesSent.get()).as("the connection was closed, not drained").isLessThan(32L * 1024 * 1024);
  }

  @Test
  void aRefusedAnswerIsReportedOncePerAttempt() {
    poller.refresh("ml/endless", 1, "127.0.0.1", port());
    await().atMost(Duration.ofSeconds(10)).until(() -> poller.latest("ml/endless", 1).isPresent());

    assertThat(poller.takeRejection("ml/endless", 1)).hasValueSatisfying(why -> assertThat(why).contains("larger than"));
    poller.refresh("ml/endless", 1, "127.0.0.1", port());
    assertThat(poller.takeRejection("ml/endless", 1)).isEmpty();
    assertThat(poller.takeRejection("ml/endless", 2)).isEmpty();
  }

  @Test
  void aBodyThatStallsAfterTheHeadersIsGivenUpAtTheTimeout() {
    mode.set("stalled");
    long started = System.nanoTime();

    poller.refresh("ml/stalled", 1, "127.0.0.1", port());

    await().atMost(Duration.ofSeconds(10)).until(() -> poller.latest("ml/stalled", 1).isPresent());
    assertThat(poller.latest("ml/stalled", 1).orElseThrow().lastError()).contains("did not arrive within 1000 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(STREAM_LIMIT_MILLIS / 4));
  }

  @Test
  void anAnswerThatIsNotAReportCountsAsNoReportAndIsReported() {
    mode.set("html");

    poller.refresh("ml/html", 1, "127.0.0.1", port());

    await().atMost(Duration.ofSeconds(10)).until(() -> poller.latest("ml/html", 1).isPresent());
    assertThat(poller.latest("ml/html", 1).orElseThrow().report()).isNull();
    assertThat(poller.takeRejection("ml/html", 1)).hasValueSatisfying(why -> assertThat(why).contains("not a status report"));
  }
}
