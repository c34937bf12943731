package dev.segtpu.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.Phase;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.StorageSource;
import dev.segtpu.api.TrainerSpec;
import dev.segtpu.operator.calibration.ThroughputRecorder;
import dev.segtpu.operator.plan.Calibration;
import dev.segtpu.sandbox.Sandbox;
import dev.segtpu.sandbox.SandboxOptions;
import dev.segtpu.sandbox.kubelet.LocalImages;
import dev.segtpu.sandbox.nodepool.NodePoolSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The planner learns from jobs that really ran: in the sandbox (whose operator records throughput, as the
 * chart's does), three stand-in jobs of one configuration succeed, the ConfigMap holds their measured
 * images/s, and the next job of that configuration is estimated from the measurement instead of the
 * reference table.
 */
class CalibrationSystemTest {

  @TempDir
  Path root;

  @Test
  void afterThreeJobsOfAConfigurationSucceedTheNextOneIsEstimatedFromTheirMeasuredThroughput() {
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.of(root, List.of(NodePoolSpec.parse("v5e:1x1:spot:3"))))) {
      SandboxJobs jobs = new SandboxJobs(sandbox);
      SegmentationTrainingJob first = jobs.create(job("measured-0"));
      assertThat(first.getMetadata().getName()).isEqualTo("measured-0");
      SegmentationTrainingJob admitted = jobs.awaitJob("measured-0", Duration.ofSeconds(60),
          j -> j.getStatus() != null && j.getStatus().estimate != null);
      assertThat(admitted.getStatus().estimate.basis).as("no measurement yet").doesNotContain("finished jobs");
      jobs.create(job("measured-1"));
      jobs.create(job("measured-2"));
      double reported = 0;
      for (int i = 0; i < 3; i++) {
        SegmentationTrainingJob done = jobs.awaitFinished("measured-" + i, Duration.ofSeconds(120));
        assertThat(done.getStatus().phase).isEqualTo(Phase.Succeeded);
        reported = done.getStatus().throughput.imagesPerSecond;
      }
      jobs.awaitConfigMap(ThroughputRecorder.NAME, Duration.ofSeconds(30), map -> count(map) == 3);

      jobs.create(job("estimated"));
      SegmentationTrainingJob next = jobs.awaitJob("estimated", Duration.ofSeconds(60),
          j -> j.getStatus() != null && j.getStatus().estimate != null);
      assertThat(next.getStatus().estimate.basis)
          .contains("measured: mean of 3 finished jobs on this configuration")
          .contains(String.format(Locale.ROOT, "at %.1f images/s", reported));
    }
  }

  private static long count(ConfigMap map) {
    return map.getData() == null ? 0
        : Calibration.fromData(map.getData()).points().values().stream().mapToLong(Calibration.Point::count).sum();
  }

  private SegmentationTrainingJob job(String name) {
    SegmentationTrainingJob job = SandboxJobs.example("quick-deeplab-synthetic.yaml");
    job.getMetadata().setName(name);
    job.getSpec().training.steps = 40L;
    job.getSpec().checkpoint.storage = StorageSource.hostPath(root.resolve("checkpoints").toString());
    job.getSpec().trainer = new TrainerSpec();
    job.getSpec().trainer.image = LocalImages.STANDIN_IMAGE;
    return job;
  }
}
