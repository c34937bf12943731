package dev.segtpu.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.FailurePolicySpec;
import dev.segtpu.api.HangDetectionSpec;
import dev.segtpu.api.Phase;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.api.StorageSource;
import dev.segtpu.api.TrainerSpec;
import dev.segtpu.sandbox.Sandbox;
import dev.segtpu.sandbox.SandboxOptions;
import dev.segtpu.sandbox.kubelet.LocalImages;
import dev.segtpu.sandbox.nodepool.NodePoolSpec;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hang detection with the real operator: the stand-in trainer's first attempt stops its step counter at
 * step 65 (still answering "training", deaf to SIGTERM). The operator calls the hang once the step has
 * stood still past the bound (here the 5 s floor: 10 x 50 ms steps is shorter), restarts the gang from
 * the checkpoint of step 60 as a trainer failure, and the second attempt finishes the job.
 */
class HungTrainerSystemTest {

  private static final long HANG_AT = 65;
  private static final int FLOOR_SECONDS = 5;
  /** Operator status polls in the sandbox are 2 s apart; the check itself is timed at the bound. */
  private static final Duration POLL = Duration.ofSeconds(2);

  @TempDir
  Path root;

  @Test
  void aTrainerHungMidRunIsDetectedWithinTheBoundRestartedFromItsCheckpointAndTheJobSucceeds() {
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.of(root, List.of(NodePoolSpec.parse("v5e:1x1:spot"))))) {
      SandboxJobs jobs = new SandboxJobs(sandbox);
      SegmentationTrainingJob job = SandboxJobs.example("quick-deeplab-synthetic.yaml");
      job.getMetadata().setName("hung");
      job.getSpec().training.steps = 200L;
      job.getSpec().checkpoint.interval = "20steps";
      job.getSpec().checkpoint.storage = StorageSource.hostPath(root.resolve("checkpoints").toString());
      job.getSpec().trainer = new TrainerSpec();
      job.getSpec().trainer.image = LocalImages.STANDIN_IMAGE;
      job.getSpec().trainer.env = List.of(new EnvVar("STANDIN_HANG_AT_STEP", String.valueOf(HANG_AT), null));
      job.getSpec().failurePolicy = new FailurePolicySpec();
      job.getSpec().failurePolicy.hangDetection = new HangDetectionSpec();
      job.getSpec().failurePolicy.hangDetection.minimumSeconds = FLOOR_SECONDS;
      jobs.create(job);

      SegmentationTrainingJob stuck = jobs.awaitJob("hung", Duration.ofSeconds(90), j -> j.getStatus() != null
          && j.getStatus().progress != null && j.getStatus().progress.step != null && j.getStatus().progress.step == HANG_AT);
      Instant seenStuck = Instant.now();
      SegmentationTrainingJob detected = jobs.awaitJob("hung", Duration.ofSeconds(30), j -> j.getStatus().lastEnding != null
          && "Hung".equals(j.getStatus().lastEnding.reason));
      Instant seenDetected = Instant.now();

      SegmentationTrainingJobStatus atHang = detected.getStatus();
      assertThat(stuck.getStatus().attempt).isEqualTo(1);
      assertThat(atHang.lastEnding.attempt).isEqualTo(1);
      assertThat(atHang.lastEnding.kind).isEqualTo("TrainerFailed");
      assertThat(atHang.stepWatch.step).isEqualTo(HANG_AT);
      Duration stalled = Duration.between(Instant.parse(atHang.stepWatch.since), Instant.parse(atHang.lastEnding.time));
      assertThat(stalled).as("called once the floor has passed, and promptly")
          .isGreaterThan(Duration.ofSeconds(FLOOR_SECONDS)).isLessThan(Duration.ofSeconds(FLOOR_SECONDS).plus(POLL).plusSeconds(2));
      assertThat(Duration.between(seenStuck, seenDetected)).as("as the test saw it")
          .isLessThan(Duration.ofSeconds(FLOOR_SECONDS).plus(POLL.multipliedBy(2)).plusSeconds(2));
      assertThat(atHang.hangs).isEqualTo(1);
      assertThat(atHang.failures).isEqualTo(1);
      assertThat(atHang.preemptionsOrZero()).isZero();

      SegmentationTrainingJob done = jobs.awaitFinished("hung", Duration.ofSeconds(120));
      SegmentationTrainingJobStatus status = done.getStatus();
      assertThat(status.phase).isEqualTo(Phase.Succeeded);
      assertThat(status.attempt).isEqualTo(2);
      assertThat(status.restoredFromStep).as("the hung attempt's last checkpoint").isEqualTo(60);
      assertThat(status.progress.step).as("the second attempt trained past the hang").isGreaterThan(HANG_AT);
      assertThat(status.hangs).isEqualTo(1);
      assertThat(status.failures).isEqualTo(1);
      assertThat(status.goodput.badputSeconds.get("hung")).as("the stall and the 5 steps since the checkpoint")
          .isGreaterThan((double) FLOOR_SECONDS);
      assertThat(status.conditions).filteredOn(c -> "Hung".equals(c.getType())).singleElement()
          .extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "Progressing");
      assertThat(jobs.eventReasons("hung", "Succeeded")).contains("Hung", "TrainerFailed", "Restarted", "Succeeded")
          .doesNotContain("Preempted");
      assertThat(sandbox.kubelet().lifetimes()).filteredOn(l -> "hung".equals(l.job())).hasSize(2)
          .extracting(l -> l.exitCode()).as("the hung trainer killed at the end of its grace period, then success")
          .containsExactly(137, 0);
    }
  }
}
