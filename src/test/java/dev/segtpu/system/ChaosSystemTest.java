package dev.segtpu.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.Phase;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.StorageSource;
import dev.segtpu.api.TrainerSpec;
import dev.segtpu.sandbox.Sandbox;
import dev.segtpu.sandbox.SandboxOptions;
import dev.segtpu.sandbox.kubelet.LocalImages;
import dev.segtpu.sandbox.kubelet.ProcessLifetime;
import dev.segtpu.sandbox.nodepool.NodePoolSpec;
import dev.segtpu.sandbox.reclaim.SpotReclaimer;
import dev.segtpu.sandbox.standin.StandInRecord;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One job through 20 Spot reclaims (graceful node shutdowns and vanished nodes) and 3 operator kills:
 * it completes at exactly its target step, never loses more than the steps since its last checkpoint,
 * never runs two gangs at once, and leaves no pods or processes behind. The trainer is the
 * contract-honouring stand-in (20 ms a step) so the run takes about a minute.
 */
class ChaosSystemTest {

  private static final int RECLAIMS = 20;
  private static final int OPERATOR_KILLS = 3;
  private static final long CHECKPOINT_EVERY = 50;

  @TempDir
  Path root;

  @Test
  void jobSurvivesReclaimsAndOperatorKillsWithoutLosingOrDuplicatingWork() throws Exception {
    Path checkpoints = root.resolve("checkpoints");
    SandboxOptions options = SandboxOptions.of(root, List.of(NodePoolSpec.parse("v5e:2x2:spot:2")));
    try (Sandbox sandbox = Sandbox.start(options);
         SpotReclaimer reclaimer = new SpotReclaimer(sandbox.client(), sandbox.kubelet(), Duration.ofSeconds(5),
             Duration.ofSeconds(1))) {
      SandboxJobs jobs = new SandboxJobs(sandbox);
      SegmentationTrainingJob job = SandboxJobs.example("quick-deeplab-synthetic.yaml");
      job.getMetadata().setName("chaos");
      job.getSpec().tpu.topology = "2x2";
      job.getSpec().training.steps = 2500L;
      job.getSpec().training.evalIntervalSteps = null;
      job.getSpec().preemption.maxPreemptions = null;
      job.getSpec().checkpoint.storage = StorageSource.hostPath(checkpoints.toString());
      job.getSpec().checkpoint.interval = CHECKPOINT_EVERY + "steps";
      job.getSpec().trainer = new TrainerSpec();
      job.getSpec().trainer.image = LocalImages.STANDIN_IMAGE;
      job.getSpec().trainer.env = List.of(new EnvVar("STANDIN_STEP_MILLIS", "20", null));
      jobs.create(job);

      List<String> chaos = new ArrayList<>();
      int reclaims = 0;
      int kills = 0;
      int reclaimedAttempt = 0;
      while (reclaims < RECLAIMS) {
        int previous = reclaimedAttempt;
        SegmentationTrainingJob current = jobs.awaitJob("chaos", Duration.ofSeconds(60),
            j -> j.getStatus() != null && (j.getStatus().phaseOrPending().finished()
                || j.getStatus().phase == Phase.Running && j.getStatus().attemptOrZero() > previous));
        assertThat(current.getStatus().phase).as("finished before the chaos ended (%s): %s", chaos,
            io.fabric8.kubernetes.client.utils.Serialization.asYaml(current.getStatus())).isEqualTo(Phase.Running);
        SandboxJobs.sleep(1200);
        SpotReclaimer.Mode mode = reclaims % 4 == 3 ? SpotReclaimer.Mode.VANISH : SpotReclaimer.Mode.SHUTDOWN;
        if (reclaimer.reclaim("default", "chaos", mode).isPresent()) {
          reclaims++;
          reclaimedAttempt = current.getStatus().attempt;
          chaos.add(mode.name());
        }
        if (kills < OPERATOR_KILLS && reclaims % 6 == 5) {
          sandbox.restartOperator();
          kills++;
          chaos.add("operator kill");
        }
      }

      SegmentationTrainingJob done = jobs.awaitFinished("chaos", Duration.ofMinutes(3));
      assertThat(done.getStatus().phase).as(String.join(", ", chaos)).isEqualTo(Phase.Succeeded);
      assertThat(done.getStatus().preemptions).isGreaterThanOrEqualTo(RECLAIMS);
      assertThat(done.getStatus().failuresOrZero()).as("preemptions never count as failures").isZero();
      assertThat(sandbox.operatorStarts()).isEqualTo(1 + OPERATOR_KILLS);

      StandInRecord record = StandInRecord.find(checkpoints);
      List<String> history = record.history();
      assertThat(history.get(history.size() - 1)).startsWith("2500 ");
      assertThat(record.stepsLostByAttempt().values()).allSatisfy(
          lost -> assertThat(lost).isLessThanOrEqualTo(CHECKPOINT_EVERY));

      List<ProcessLifetime> lifetimes = sandbox.kubelet().lifetimes().stream()
          .filter(l -> "chaos".equals(l.job())).toList();
      for (ProcessLifetime a : lifetimes) {
        for (ProcessLifetime b : lifetimes) {
          if (!a.attempt().equals(b.attempt())) {
            assertThat(a.overlaps(b)).as("attempts %s and %s alive at once", a.attempt(), b.attempt()).isFalse();
          }
        }
      }

      sandbox.client().resource(done).delete();
      assertThat(jobs.get("chaos")).as("deleted at once: jobs carry no finalizer").isNull();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!jobs.pods("chaos").isEmpty() && System.nanoTime() < deadline) {
        SandboxJobs.sleep(200);
      }
      assertThat(jobs.pods("chaos")).as("pods left behind").isEmpty();
      assertThat(sandbox.kubelet().runningProcesses()).as("processes left behind").isEmpty();
    }
  }
}
