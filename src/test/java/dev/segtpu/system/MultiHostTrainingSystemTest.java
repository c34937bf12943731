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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two-host example with the real TensorFlow trainer: two trainer processes on a v5p 2x2x2 slice
 * train one model over the sandbox's DNS and TensorFlow's collectives, lose a host to a Spot reclaim,
 * and resume on the pool's other slice from the gang's one checkpoint to the final step.
 */
class MultiHostTrainingSystemTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long STEPS = 60;

  @TempDir
  Path root;

  @Test
  void aTwoHostSliceTrainsIsReclaimedAndResumesOnAFreshSliceToTheFinalStep() throws Exception {
    Path storage = root.resolve("checkpoints");
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.of(root, List.of(NodePoolSpec.parse("v5p:2x2x2:spot:2"))));
         SpotReclaimer reclaimer = new SpotReclaimer(sandbox.client(), sandbox.kubelet(), Duration.ofSeconds(20),
             Duration.ofSeconds(2))) {
      SandboxJobs jobs = new SandboxJobs(sandbox);
      SegmentationTrainingJob job = SandboxJobs.example("quick-deeplab-2host.yaml");
      job.getSpec().training.steps = STEPS;
      job.getSpec().training.evalIntervalSteps = null;
      job.getSpec().checkpoint.interval = "25steps";
      job.getSpec().checkpoint.storage = StorageSource.hostPath(storage.toString());
      jobs.create(job);

      jobs.awaitJob("quick-deeplab-2host", Duration.ofMinutes(4), j -> j.getStatus() != null
          && j.getStatus().progress != null && j.getStatus().progress.step != null && j.getStatus().progress.step >= 12);
      Set<String> firstNodes = nodes(jobs.pods("quick-deeplab-2host"));
      assertThat(firstNodes).hasSize(2);

      assertThat(reclaimer.reclaim("default", "quick-deeplab-2host", SpotReclaimer.Mode.SHUTDOWN)).isPresent();
      SegmentationTrainingJob resumed = jobs.awaitJob("quick-deeplab-2host", Duration.ofMinutes(2),
          j -> j.getStatus() != null && j.getStatus().attempt != null && j.getStatus().attempt == 2
              && jobs.pods("quick-deeplab-2host").size() == 2);
      assertThat(resumed.getStatus().attempt).isEqualTo(2);
      Set<String> secondNodes = nodes(jobs.pods("quick-deeplab-2host"));
      SegmentationTrainingJob done = jobs.awaitFinished("quick-deeplab-2host", Duration.ofMinutes(5));

      assertThat(done.getStatus().phase).as(String.valueOf(done.getStatus().conditions)).isEqualTo(Phase.Succeeded);
      assertThat(done.getStatus().preemptions).isEqualTo(1);
      assertThat(done.getStatus().failuresOrZero()).isZero();
      assertThat(secondNodes).as("the gang resumed on the other slice").doesNotContainAnyElementsOf(firstNodes);

      Path checkpoints = jobFolder(storage);
      Map<Integer, List<Long>> steps = stepsByAttempt(checkpoints.resolve("steps.jsonl"));
      List<Long> first = steps.get(1);
      List<Long> second = steps.get(2);
      assertThat(second.get(0)).as("the gang continues right after its one SIGTERM checkpoint")
          .isEqualTo(first.get(first.size() - 1) + 1);
      assertThat(second.get(second.size() - 1)).isEqualTo(STEPS);
      JsonNode finalMetrics = JSON.readTree(checkpoints.resolve("final-metrics.json").toFile());
      assertThat(done.getStatus().progress.step).isEqualTo(STEPS);
      assertThat(done.getStatus().evalMetrics.meanIoU).isEqualTo(finalMetrics.path("eval").path("meanIoU").asDouble());
      assertThat(jobs.eventReasons("quick-deeplab-2host", "Succeeded")).contains("Preempted", "CheckpointRestored", "Succeeded");
    }
  }

  static Set<String> nodes(List<Pod> pods) {
    return pods.stream().map(p -> p.getSpec().getNodeName()).collect(Collectors.toSet());
  }

  static Map<Integer, List<Long>> stepsByAttempt(Path stepLog) throws IOException {
    Map<Integer, List<Long>> steps = new TreeMap<>();
    for (String line : Files.readAllLines(stepLog)) {
      JsonNode entry = JSON.readTree(line);
      steps.computeIfAbsent(entry.path("attempt").asInt(), a -> new ArrayList<>()).add(entry.path("step").asLong());
    }
    return steps;
  }

  static Path jobFolder(Path storage) throws IOException {
    try (var files = Files.walk(storage)) {
      return files.filter(f -> f.getFileName().toString().equals("steps.jsonl")).findFirst()
          .orElseThrow(() -> new AssertionError("no step log under " + storage)).getParent();
    }
  }
}
