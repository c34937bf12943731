package dev.segtpu.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.segtpu.api.Phase;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.StorageSource;
import dev.segtpu.sandbox.Sandbox;
import dev.segtpu.sandbox.SandboxOptions;
import dev.segtpu.sandbox.nodepool.NodePoolSpec;
import dev.segtpu.sandbox.reclaim.SpotReclaimer;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick example job with the real TensorFlow trainer, through one Spot reclaim: it completes,
 * the second attempt continues from the SIGTERM checkpoint (no restart from zero, no step lost), and
 * the job's status, its events and the trainer's /metrics agree with the trainer's own step log.
 */
class QuickJobPreemptionSystemTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long STEPS = 100;

  @TempDir
  Path root;

  @Test
  void quickJobResumesFromTheCheckpointAfterASpotReclaim() throws Exception {
    Path storage = root.resolve("checkpoints");
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.of(root, List.of(NodePoolSpec.parse("v5e:1x1:spot"))));
         SpotReclaimer reclaimer = new SpotReclaimer(sandbox.client(), sandbox.kubelet(), Duration.ofSeconds(15),
             Duration.ofSeconds(2))) {
      SandboxJobs jobs = new SandboxJobs(sandbox);
      SegmentationTrainingJob job = SandboxJobs.example("quick-deeplab-synthetic.yaml");
      job.getSpec().training.steps = STEPS;
      job.getSpec().training.evalIntervalSteps = null;
      job.getSpec().checkpoint.interval = "30steps";
      job.getSpec().checkpoint.storage = StorageSource.hostPath(storage.toString());
      jobs.create(job);

      SegmentationTrainingJob training = jobs.awaitJob("quick-deeplab", Duration.ofMinutes(3), j -> j.getStatus() != null
          && j.getStatus().progress != null && j.getStatus().progress.step != null && j.getStatus().progress.step >= 20);
      Pod worker = jobs.pods("quick-deeplab").get(0);
      JsonNode trainerStatus = get(worker, "/status");
      String trainerMetrics = get(worker, "/metrics").asText();
      assertThat(metric(trainerMetrics, "segtpu_trainer_global_step")).isGreaterThanOrEqualTo(
          training.getStatus().progress.step.doubleValue());
      assertThat(trainerStatus.path("step").asLong()).isGreaterThanOrEqualTo(training.getStatus().progress.step);
      assertThat(training.getStatus().device).contains("CPU").contains("no TPU runtime");

      assertThat(reclaimer.reclaim("default", "quick-deeplab", SpotReclaimer.Mode.SHUTDOWN)).isPresent();
      SegmentationTrainingJob done = jobs.awaitFinished("quick-deeplab", Duration.ofMinutes(5));

      assertThat(done.getStatus().phase).isEqualTo(Phase.Succeeded);
      assertThat(done.getStatus().attempt).isEqualTo(2);
      assertThat(done.getStatus().preemptions).isEqualTo(1);
      assertThat(done.getStatus().failuresOrZero()).isZero();

      Path checkpoints = jobFolder(storage);
      Map<Integer, List<Long>> stepsByAttempt = stepsByAttempt(checkpoints.resolve("steps.jsonl"));
      List<Long> first = stepsByAttempt.get(1);
      List<Long> second = stepsByAttempt.get(2);
      assertThat(first.get(0)).isEqualTo(1);
      assertThat(second.get(0)).as("the second attempt continues right after the SIGTERM checkpoint")
          .isEqualTo(first.get(first.size() - 1) + 1);
      assertThat(second.get(second.size() - 1)).isEqualTo(STEPS);

      JsonNode finalMetrics = JSON.readTree(checkpoints.resolve("final-metrics.json").toFile());
      assertThat(done.getStatus().progress.step).isEqualTo(STEPS);
      assertThat(done.getStatus().lastCheckpoint.step).isEqualTo(STEPS);
      assertThat(done.getStatus().evalMetrics.meanIoU).isEqualTo(finalMetrics.path("eval").path("meanIoU").asDouble());

      List<String> reasons = jobs.eventReasons("quick-deeplab", "Succeeded");
      assertThat(reasons).contains("Scheduled", "Started", "Preempted", "Restarted", "CheckpointRestored", "Succeeded");
      assertThat(reasons).doesNotContain("TrainerFailed");
    }
  }

  /**
   * The quick Mask R-CNN example through one Spot reclaim: the second attempt continues right after the SIGTERM
   * checkpoint, and the job's status reports the COCO box and mask AP the trainer wrote in its final metrics.
   */
  @Test
  void quickMaskRcnnJobResumesAfterASpotReclaimAndReportsAveragePrecision() throws Exception {
    Path storage = root.resolve("checkpoints");
    long steps = 120;
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.of(root, List.of(NodePoolSpec.parse("v5e:1x1:spot"))));
         SpotReclaimer reclaimer = new SpotReclaimer(sandbox.client(), sandbox.kubelet(), Duration.ofSeconds(15),
             Duration.ofSeconds(2))) {
      SandboxJobs jobs = new SandboxJobs(sandbox);
      SegmentationTrainingJob job = SandboxJobs.example("quick-maskrcnn-synthetic.yaml");
      job.getSpec().training.steps = steps;
      job.getSpec().training.evalIntervalSteps = null;
      job.getSpec().training.learningRate.boundaries = List.of(100L);
      job.getSpec().checkpoint.interval = "30steps";
      job.getSpec().checkpoint.storage = StorageSource.hostPath(storage.toString());
      jobs.create(job);

      jobs.awaitJob("quick-maskrcnn", Duration.ofMinutes(3), j -> j.getStatus() != null && j.getStatus().progress != null
          && j.getStatus().progress.step != null && j.getStatus().progress.step >= 20);
      assertThat(reclaimer.reclaim("default", "quick-maskrcnn", SpotReclaimer.Mode.SHUTDOWN)).isPresent();
      SegmentationTrainingJob done = jobs.awaitFinished("quick-maskrcnn", Duration.ofMinutes(5));

      assertThat(done.getStatus().phase).isEqualTo(Phase.Succeeded);
      assertThat(done.getStatus().attempt).isEqualTo(2);
      assertThat(done.getStatus().preemptions).isEqualTo(1);
      Map<Integer, List<Long>> stepsByAttempt = stepsByAttempt(jobFolder(storage).resolve("steps.jsonl"));
      List<Long> first = stepsByAttempt.get(1);
      assertThat(stepsByAttempt.get(2).get(0)).as("the second attempt continues right after the SIGTERM checkpoint")
          .isEqualTo(first.get(first.size() - 1) + 1);

      JsonNode eval = JSON.readTree(jobFolder(storage).resolve("final-metrics.json").toFile()).path("eval");
      assertThat(done.getStatus().evalMetrics.step).isEqualTo(steps);
      assertThat(done.getStatus().evalMetrics.boxAP).isEqualTo(eval.path("boxAP").asDouble());
      assertThat(done.getStatus().evalMetrics.maskAP).isEqualTo(eval.path("maskAP").asDouble());
      assertThat(done.getStatus().evalMetrics.boxAP50).isEqualTo(eval.path("boxAP50").asDouble());
      assertThat(done.getStatus().evalMetrics.boxAP75).isEqualTo(eval.path("boxAP75").asDouble());
      assertThat(done.getStatus().evalMetrics.meanIoU).as("no DeepLab metric on a Mask R-CNN job").isNull();
      assertThat(jobs.eventReasons("quick-maskrcnn", "Succeeded")).contains("Preempted", "CheckpointRestored", "Succeeded");
    }
  }

  private static JsonNode get(Pod pod, String path) throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://" + pod.getStatus().getPodIP() + ":8471" + path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return path.equals("/status") ? JSON.readTree(response.body()) : JSON.getNodeFactory().textNode(response.body());
  }

  private static double metric(String exposition, String name) {
    return exposition.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst().orElseThrow(() -> new AssertionError(name + " missing from /metrics"));
  }

  private static Map<Integer, List<Long>> stepsByAttempt(Path stepLog) throws IOException {
    Map<Integer, List<Long>> steps = new TreeMap<>();
    for (String line : Files.readAllLines(stepLog)) {
      JsonNode entry = JSON.readTree(line);
      steps.computeIfAbsent(entry.path("attempt").asInt(), a -> new ArrayList<>()).add(entry.path("step").asLong());
    }
    return steps;
  }

  private static Path jobFolder(Path storage) throws IOException {
    try (var files = Files.walk(storage)) {
      return files.filter(f -> f.getFileName().toString().equals("steps.jsonl")).findFirst()
          .orElseThrow(() -> new AssertionError("no step log under " + storage)).getParent();
    }
  }
}
