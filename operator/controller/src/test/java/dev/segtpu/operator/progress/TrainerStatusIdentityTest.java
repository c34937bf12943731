package dev.segtpu.operator.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.segtpu.api.SegmentationTrainingJob;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A job deleted and re-created under the same name is a new job: the poller never gives it what the old
 * one's trainer said, though both run attempt 1.
 */
class TrainerStatusIdentityTest {

  HttpServer trainer;
  final CountDownLatch asked = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);
  final CountDownLatch answered = new CountDownLatch(1);
  TrainerStatusPoller poller;

  @BeforeEach
  void start() throws IOException {
    trainer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    trainer.createContext("/status", exchange -> {
      asked.countDown();
      try (OutputStream out = exchange.getResponseBody()) {
        release.await(10, TimeUnit.SECONDS);
        byte[] body = "{\"phase\":\"training\",\"attempt\":1,\"step\":35,\"lastCheckpoint\":{\"step\":20,\"attempt\":1}}"
            .getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        out.write(body);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        answered.countDown();
      }
    });
    trainer.setExecutor(Executors.newCachedThreadPool());
    trainer.start();
    poller = new TrainerStatusPoller(Duration.ofSeconds(5), Duration.ZERO, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    poller.close();
    trainer.stop(0);
  }

  @Test
  void anAnswerArrivingAfterTheJobWasForgottenIsDropped() throws Exception {
    poller.refresh("ml/job/uid-1", 1, "127.0.0.1", trainer.getAddress().getPort());
    assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();

    poller.forget("ml/job/uid-1");
    release.countDown();
    assertThat(answered.await(10, TimeUnit.SECONDS)).isTrue();

    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
        .until(() -> poller.latest("ml/job/uid-1", 1).isEmpty());
  }

  @Test
  void anAnswerNotForgottenIsKept() {
    release.countDown();
    poller.refresh("ml/job/uid-1", 1, "127.0.0.1", trainer.getAddress().getPort());

    await().atMost(Duration.ofSeconds(10)).until(() -> poller.latest("ml/job/uid-1", 1).isPresent());
    assertThat(poller.latest("ml/job/uid-1", 1).orElseThrow().report().step()).isEqualTo(35L);
  }

  @Test
  void twoIncarnationsOfANameHaveTwoKeysForOneResource() {
    String first = ProgressSignal.key(job("uid-1"));
    String second = ProgressSignal.key(job("uid-2"));

    assertThat(first).isNotEqualTo(second);
    assertThat(ProgressSignal.resource(first)).isEqualTo(new ResourceID("job", "ml"))
        .isEqualTo(ProgressSignal.resource(second));
  }

  private static SegmentationTrainingJob job(String uid) {
    SegmentationTrainingJob job = new SegmentationTrainingJob();
    job.setMetadata(new ObjectMetaBuilder().withNamespace("ml").withName("job").withUid(uid).build());
    return job;
  }
}
