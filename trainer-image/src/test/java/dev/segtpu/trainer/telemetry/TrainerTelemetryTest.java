package dev.segtpu.trainer.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.segtpu.contract.TrainerBadput;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrainerTelemetryTest {

  private static final String DEVICE = "/device:CPU:0 (TensorFlow Java CPU build: no TPU runtime)";
  /** name{labels} value — one sample line of the Prometheus text format. */
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*\\})?) (\\S+)$");

  private final HttpClient http = HttpClient.newHttpClient();
  private TrainerTelemetry telemetry;

  @BeforeEach
  void start() {
    telemetry = TrainerTelemetry.start("127.0.0.1", 0, 2, 20_000, DEVICE);
  }

  @AfterEach
  void stop() {
    telemetry.close();
  }

  @Test
  void freshTrainerReportsInitializingAndOmitsWhatItDoesNotKnowYet() throws Exception {
    JsonNode status = getStatus();

    assertThat(status.get("phase").asText()).isEqualTo("initializing");
    assertThat(status.get("attempt").asInt()).isEqualTo(2);
    assertThat(status.get("totalSteps").asLong()).isEqualTo(20_000);
    assertThat(status.get("device").asText()).isEqualTo(DEVICE);
    assertThat(status.has("step")).isFalse();
    assertThat(status.has("loss")).isFalse();
    assertThat(status.has("imagesPerSecond")).isFalse();
    assertThat(status.has("lastCheckpoint")).isFalse();
    assertThat(status.has("eval")).isFalse();
    assertThat(status.get("badputSeconds").get("startup").asDouble()).isZero();
  }

  @Test
  void aRestoredCheckpointIsTheLastCheckpointUntilTheFirstSave() throws Exception {
    telemetry.restored(1000, 1, "2026-11-28T08:50:00Z", 0.5);

    JsonNode checkpoint = getStatus().get("lastCheckpoint");
    assertThat(checkpoint.get("step").asLong()).isEqualTo(1000);
    assertThat(checkpoint.get("attempt").asInt()).as("written by the attempt before").isEqualTo(1);
    assertThat(checkpoint.get("time").asText()).isEqualTo("2026-11-28T08:50:00Z");
    assertThat(checkpoint.has("saveSeconds")).as("this process did not measure that save").isFalse();
  }

  @Test
  void statusReflectsAResumedAttemptThatTrainedCheckpointedAndEvaluated() throws Exception {
    runScenario();

    JsonNode status = getStatus();

    assertThat(status.get("phase").asText()).isEqualTo("training");
    assertThat(status.get("step").asLong()).isEqualTo(1002);
    assertThat(status.get("epoch").asLong()).isEqualTo(3);
    assertThat(status.get("loss").asDouble()).isEqualTo(0.39);
    assertThat(status.get("learningRate").asDouble()).isEqualTo(0.0093);
    // 2 steps: 16 images in 0.5 + 1.5 s
    assertThat(status.get("imagesPerSecond").asDouble()).isCloseTo(8.0, within(1e-9));
    assertThat(status.get("stepsPerSecond").asDouble()).isCloseTo(1.0, within(1e-9));
    assertThat(status.get("restoredFromStep").asLong()).isEqualTo(1000);
    JsonNode checkpoint = status.get("lastCheckpoint");
    assertThat(checkpoint.get("step").asLong()).isEqualTo(1002);
    assertThat(checkpoint.get("time").asText()).isEqualTo("2026-11-28T09:00:00Z");
    assertThat(checkpoint.get("attempt").asInt()).isEqualTo(2);
    assertThat(checkpoint.get("saveSeconds").asDouble()).isEqualTo(0.41);
    JsonNode eval = status.get("eval");
    assertThat(eval.get("step").asLong()).isEqualTo(1002);
    assertThat(eval.get("meanIoU").asDouble()).isEqualTo(0.31);
    assertThat(eval.get("pixelAccuracy").asDouble()).isEqualTo(0.82);
    assertThat(eval.get("perClassIoU").get(1).asDouble()).isEqualTo(0.2);
    // productive = (0.5 - 0.1) + (1.5 - 0.2)
    assertThat(status.get("productiveSeconds").asDouble()).isCloseTo(1.7, within(1e-9));
    JsonNode badput = status.get("badputSeconds");
    assertThat(badput.get("startup").asDouble()).isEqualTo(4.1);
    assertThat(badput.get("checkpointRestore").asDouble()).isEqualTo(0.5);
    assertThat(badput.get("checkpointSave").asDouble()).isEqualTo(0.41);
    assertThat(badput.get("dataWait").asDouble()).isCloseTo(0.3, within(1e-9));
    assertThat(badput.get("evaluation").asDouble()).isEqualTo(12.0);
  }

  @Test
  void metricsEndpointServesTheSeriesWithTheReportedValues() throws Exception {
    runScenario();

    Map<String, Double> samples = getMetrics();

    assertThat(samples).containsEntry("segtpu_trainer_steps_total", 2.0)
        .containsEntry("segtpu_trainer_images_total", 16.0)
        .containsEntry("segtpu_trainer_global_step", 1002.0)
        .containsEntry("segtpu_trainer_target_steps", 20000.0)
        .containsEntry("segtpu_trainer_epoch", 3.0)
        .containsEntry("segtpu_trainer_loss", 0.39)
        .containsEntry("segtpu_trainer_learning_rate", 0.0093)
        .containsEntry("segtpu_trainer_images_per_second", 8.0)
        .containsEntry("segtpu_trainer_step_duration_seconds_count", 2.0)
        .containsEntry("segtpu_trainer_step_duration_seconds_sum", 2.0)
        .containsEntry("segtpu_trainer_step_duration_seconds_bucket{le=\"0.5\"}", 1.0)
        .containsEntry("segtpu_trainer_step_duration_seconds_bucket{le=\"2.5\"}", 2.0)
        .containsEntry("segtpu_trainer_data_wait_seconds_count", 2.0)
        .containsEntry("segtpu_trainer_checkpoint_save_seconds_count", 1.0)
        .containsEntry("segtpu_trainer_checkpoint_save_seconds_sum", 0.41)
        .containsEntry("segtpu_trainer_checkpoint_restore_seconds_sum", 0.5)
        .containsEntry("segtpu_trainer_restored_from_step", 1000.0)
        .containsEntry("segtpu_trainer_last_checkpoint_step", 1002.0)
        .containsEntry("segtpu_trainer_last_checkpoint_timestamp_seconds",
            (double) Instant.parse("2026-11-28T09:00:00Z").getEpochSecond())
        .containsEntry("segtpu_trainer_eval_mean_iou_ratio", 0.31)
        .containsEntry("segtpu_trainer_eval_pixel_accuracy_ratio", 0.82)
        .containsEntry("segtpu_trainer_eval_class_iou_ratio{class=\"1\"}", 0.2)
        .containsEntry("segtpu_trainer_badput_seconds_total{category=\"startup\"}", 4.1)
        .containsEntry("segtpu_trainer_badput_seconds_total{category=\"evaluation\"}", 12.0)
        .containsEntry("segtpu_trainer_attempt", 2.0)
        .containsEntry("segtpu_trainer_info{attempt=\"2\",device=\"" + DEVICE + "\"}", 1.0)
        .containsEntry("segtpu_trainer_phase{segtpu_trainer_phase=\"training\"}", 1.0)
        .containsEntry("segtpu_trainer_phase{segtpu_trainer_phase=\"initializing\"}", 0.0)
        .doesNotContainKeys("segtpu_trainer_eval_box_ap_ratio", "segtpu_trainer_eval_mask_ap_ratio",
            "segtpu_trainer_eval_box_ap50_ratio", "segtpu_trainer_eval_box_ap75_ratio");
    assertThat(samples.get("segtpu_trainer_badput_seconds_total{category=\"dataWait\"}")).isCloseTo(0.3, within(1e-9));
    assertThat(samples.get("segtpu_trainer_productive_seconds_total")).isCloseTo(1.7, within(1e-9));
  }

  @Test
  void seriesWithoutAValueYetAreAbsentRatherThanZero() throws Exception {
    Map<String, Double> samples = getMetrics();

    assertThat(samples).doesNotContainKeys("segtpu_trainer_loss", "segtpu_trainer_global_step",
        "segtpu_trainer_eval_mean_iou_ratio", "segtpu_trainer_last_checkpoint_step",
        "segtpu_trainer_images_per_second", "segtpu_trainer_restored_from_step");
    assertThat(samples).containsEntry("segtpu_trainer_steps_total", 0.0)
        .containsEntry("segtpu_trainer_productive_seconds_total", 0.0)
        .containsEntry("segtpu_trainer_phase{segtpu_trainer_phase=\"initializing\"}", 1.0);
  }

  @Test
  void phaseChangesAreVisibleOnBothEndpoints() throws Exception {
    telemetry.phase(TrainerPhase.CHECKPOINTING);

    assertThat(getStatus().get("phase").asText()).isEqualTo("checkpointing");
    assertThat(getMetrics()).containsEntry("segtpu_trainer_phase{segtpu_trainer_phase=\"checkpointing\"}", 1.0)
        .containsEntry("segtpu_trainer_phase{segtpu_trainer_phase=\"initializing\"}", 0.0);
  }

  @Test
  void ratesFollowTheRecentStepsNotTheWholeRun() throws Exception {
    for (int step = 1; step <= 20; step++) {
      telemetry.stepCompleted(step, 0, 1.0, 0.01, 4, 4.0, 0.0); // slow start: 1 image/s
    }
    for (int step = 21; step <= 40; step++) {
      telemetry.stepCompleted(step, 0, 1.0, 0.01, 4, 0.5, 0.0); // now 8 images/s
    }

    JsonNode status = getStatus();

    assertThat(status.get("imagesPerSecond").asDouble()).isCloseTo(8.0, within(1e-9));
    assertThat(status.get("stepsPerSecond").asDouble()).isCloseTo(2.0, within(1e-9));
    assertThat(getMetrics()).containsEntry("segtpu_trainer_images_per_second", 8.0);
  }

  @Test
  void portAlreadyInUseIsReportedWithTheAddress() {
    int taken = telemetry.port();
    assertThatThrownBy(() -> TrainerTelemetry.start("127.0.0.1", taken, 1, 10, DEVICE))
        .hasMessageContaining("127.0.0.1:" + taken);
  }

  @Test
  void unknownPathsAreNotFound() throws Exception {
    HttpResponse<String> response = http.send(request("/status/extra"), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(404);
  }

  private void runScenario() {
    telemetry.badput(TrainerBadput.STARTUP, 4.1);
    telemetry.phase(TrainerPhase.RESTORING);
    telemetry.restored(1000, 1, "2026-11-28T08:50:00Z", 0.5);
    telemetry.phase(TrainerPhase.TRAINING);
    telemetry.stepCompleted(1001, 3, 0.42, 0.0094, 8, 0.5, 0.1);
    telemetry.stepCompleted(1002, 3, 0.39, 0.0093, 8, 1.5, 0.2);
    telemetry.phase(TrainerPhase.CHECKPOINTING);
    telemetry.checkpointSaved(1002, 2, Instant.parse("2026-11-28T09:00:00Z"), 0.41);
    telemetry.phase(TrainerPhase.EVALUATING);
    telemetry.evaluated(1002, 0.31, 0.82, new double[] {0.9, 0.2}, 12.0);
    telemetry.phase(TrainerPhase.TRAINING);
  }

  private JsonNode getStatus() throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request("/status"), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("application/json"));
    return new ObjectMapper().readTree(response.body());
  }

  /** Parses every sample line of the text exposition; fails on any line that is not a comment or a sample. */
  private Map<String, Double> getMetrics() throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request("/metrics"), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("text/plain"));
    Map<String, Double> samples = new HashMap<>();
    for (String line : response.body().split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher sample = SAMPLE.matcher(line);
      assertThat(sample.matches()).as("sample line: %s", line).isTrue();
      samples.put(sample.group(1), Double.parseDouble(sample.group(2)));
    }
    return samples;
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + telemetry.port() + path)).GET().build();
  }
}
