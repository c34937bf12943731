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
import dev.segtpu.sandbox.reclaim.Reclaim;
import dev.segtpu.sandbox.reclaim.SpotReclaimer;
import dev.segtpu.sandbox.standin.CommittedCheckpoint;
import dev.segtpu.sandbox.standin.StandInRecord;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One job through many Spot reclaims and operator kills, checked against what the stand-in trainer
 * (20 ms a step, checkpoint every 50 steps) left in its checkpoint directory.
 *
 * <p>Counting preemptions: {@link SpotReclaimer#reclaim} reports a reclaim only when it took the node of
 * a worker of the job's newest attempt whose pod was Running on a node that still existed, so each
 * reported reclaim ends exactly one live attempt. The loop waits for a newer attempt to run before
 * the next reclaim, so no two reclaims hit the same attempt, and operator kills end no attempt. Hence
 * the job's preemptions equal the reported reclaims, and it ends in attempt reclaims + 1.
 *
 * <p>Resuming: each attempt records the checkpoint it restored; each commit marker and fence file
 * records when it was written. The newest checkpoint committed before an attempt claimed the directory
 * is the one it must have restored.
 */
class ChaosSystemTest {

  private static final int RECLAIMS = 20;
  private static final int OPERATOR_KILLS = 3;
  private static final int CUT_OFFS = 2;
  private static final long CHECKPOINT_EVERY = 50;

  @TempDir
  Path root;

  /**
   * 20 reclaims (graceful node shutdowns, every fourth a vanished node) and 3 operator kills: the job
   * completes at exactly its target step, never loses more than the steps since its last checkpoint,
   * never runs two gangs at once, and leaves no pods or processes behind.
   */
  @Test
  void jobSurvivesReclaimsAndOperatorKillsWithoutLosingOrDuplicatingWork() throws Exception {
    Path checkpoints = root.resolve("checkpoints");
    SandboxOptions options = SandboxOptions.of(root, List.of(NodePoolSpec.parse("v5e:2x2:spot:2")));
    try (Sandbox sandbox = Sandbox.start(options);
         SpotReclaimer reclaimer = new SpotReclaimer(sandbox.client(), sandbox.kubelet(), Duration.ofSeconds(5),
             Duration.ofSeconds(1))) {
      SandboxJobs jobs = new SandboxJobs(sandbox);
      jobs.create(standInJob("chaos", 2500L, checkpoints));

      List<String> chaos = new ArrayList<>();
      List<Reclaim> hits = new ArrayList<>();
      int kills = 0;
      while (hits.size() < RECLAIMS) {
        SpotReclaimer.Mode mode = hits.size() % 4 == 3 ? SpotReclaimer.Mode.VANISH : SpotReclaimer.Mode.SHUTDOWN;
        reclaimNextAttempt(jobs, "chaos", reclaimer, mode, hits, chaos);
        if (kills < OPERATOR_KILLS && hits.size() % 6 == 5) {
          sandbox.restartOperator();
          kills++;
          chaos.add("operator kill");
        }
      }

      SegmentationTrainingJob done = jobs.awaitFinished("chaos", Duration.ofMinutes(3));
      assertThat(done.getStatus().phase).as(String.join(", ", chaos)).isEqualTo(Phase.Succeeded);
      assertThat(hits).extracting(Reclaim::attempt).as("each reclaim hit another attempt").doesNotHaveDuplicates();
      assertThat(done.getStatus().preemptions).as("one preemption per reclaim that hit a running worker")
          .isEqualTo(hits.size());
      assertThat(done.getStatus().attemptOrZero()).as("every attempt but the last ended by a reclaim")
          .isEqualTo(hits.size() + 1);
      assertThat(done.getStatus().failuresOrZero()).as("preemptions never count as failures").isZero();
      assertThat(sandbox.operatorStarts()).isEqualTo(1 + OPERATOR_KILLS);

      StandInRecord record = StandInRecord.find(checkpoints);
      assertCompletedAtExactly(record, 2500L, done.getStatus().attemptOrZero());
      assertEveryAttemptResumedFromTheNewestCheckpoint(record, done.getStatus().attemptOrZero());
      assertEveryCheckpointRestoresAndWasWrittenByTheOwner(record);
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

      deleteAndAssertNothingLeft(sandbox, jobs, done);
    }
  }

  /**
   * Network partitions: each reclaim cuts the gang's node off from the cluster while its trainer keeps
   * running and writing checkpoints. The next attempt claims the checkpoint directory, the cut-off
   * trainer's next save is refused and it exits 3 by itself, no checkpoint is ever committed by an
   * attempt that did not own the directory, and the job still completes at exactly its target step.
   */
  @Test
  void gangsCutOffFromTheClusterAreFencedOutWhileTheNextAttemptTrains() throws Exception {
    Path checkpoints = root.resolve("checkpoints");
    SandboxOptions options = SandboxOptions.of(root, List.of(NodePoolSpec.parse("v5e:2x2:spot:2")));
    try (Sandbox sandbox = Sandbox.start(options);
         SpotReclaimer reclaimer = new SpotReclaimer(sandbox.client(), sandbox.kubelet(), Duration.ofSeconds(5),
             Duration.ofSeconds(1))) {
      SandboxJobs jobs = new SandboxJobs(sandbox);
      jobs.create(standInJob("partitioned", 1500L, checkpoints));
      List<String> chaos = new ArrayList<>();
      List<Reclaim> hits = new ArrayList<>();
      while (hits.size() < CUT_OFFS) {
        reclaimNextAttempt(jobs, "partitioned", reclaimer, SpotReclaimer.Mode.CUT_OFF, hits, chaos);
      }

      SegmentationTrainingJob done = jobs.awaitFinished("partitioned", Duration.ofMinutes(2));
      assertThat(done.getStatus().phase).as(String.join(", ", chaos)).isEqualTo(Phase.Succeeded);
      assertThat(done.getStatus().preemptions).isEqualTo(CUT_OFFS);
      assertThat(done.getStatus().attemptOrZero()).isEqualTo(CUT_OFFS + 1);
      assertThat(done.getStatus().failuresOrZero()).isZero();

      StandInRecord record = StandInRecord.find(checkpoints);
      assertCompletedAtExactly(record, 1500L, CUT_OFFS + 1);
      assertEveryAttemptResumedFromTheNewestCheckpoint(record, CUT_OFFS + 1);
      assertEveryCheckpointRestoresAndWasWrittenByTheOwner(record);
      List<ProcessLifetime> lifetimes = sandbox.kubelet().lifetimes().stream()
          .filter(l -> "partitioned".equals(l.job())).toList();
      for (Reclaim cut : hits) {
        ProcessLifetime old = lifetimes.stream().filter(l -> String.valueOf(cut.attempt()).equals(l.attempt()))
            .findFirst().orElseThrow();
        ProcessLifetime next = lifetimes.stream().filter(l -> String.valueOf(cut.attempt() + 1).equals(l.attempt()))
            .findFirst().orElseThrow();
        assertThat(old.overlaps(next)).as("attempt %d trained on beside attempt %d", cut.attempt(), cut.attempt() + 1)
            .isTrue();
        assertThat(old.exitCode()).as("attempt %d, cut off, exits fenced", cut.attempt()).isEqualTo(3);
        long lastCommitted = record.committed().stream().filter(c -> c.attempt() == cut.attempt())
            .mapToLong(CommittedCheckpoint::step).max().orElse(0);
        assertThat(record.fencedSteps()).as("attempt %d's refused save", cut.attempt())
            .hasEntrySatisfying(cut.attempt(), step -> assertThat(step).isGreaterThan(lastCommitted));
      }

      deleteAndAssertNothingLeft(sandbox, jobs, done);
    }
  }

  private static SegmentationTrainingJob standInJob(String name, long steps, Path checkpoints) {
    SegmentationTrainingJob job = SandboxJobs.example("quick-deeplab-synthetic.yaml");
    job.getMetadata().setName(name);
    job.getSpec().tpu.topology = "2x2";
    job.getSpec().training.steps = steps;
    job.getSpec().training.evalIntervalSteps = null;
    job.getSpec().preemption.maxPreemptions = null;
    job.getSpec().checkpoint.storage = StorageSource.hostPath(checkpoints.toString());
    job.getSpec().checkpoint.interval = CHECKPOINT_EVERY + "steps";
    job.getSpec().trainer = new TrainerSpec();
    job.getSpec().trainer.image = LocalImages.STANDIN_IMAGE;
    job.getSpec().trainer.env = List.of(new EnvVar("STANDIN_STEP_MILLIS", "20", null));
    return job;
  }

  /**
   * Waits until an attempt newer than the last one reclaimed runs, lets it train a little, and reclaims
   * its node; records the reclaim when it hit a running worker (otherwise the next call tries again).
   */
  private static void reclaimNextAttempt(SandboxJobs jobs, String name, SpotReclaimer reclaimer, SpotReclaimer.Mode mode,
                                         List<Reclaim> hits, List<String> chaos) throws InterruptedException {
    int previous = hits.isEmpty() ? 0 : hits.get(hits.size() - 1).attempt();
    SegmentationTrainingJob current = jobs.awaitJob(name, Duration.ofSeconds(60),
        j -> j.getStatus() != null && (j.getStatus().phaseOrPending().finished()
            || j.getStatus().phase == Phase.Running && j.getStatus().attemptOrZero() > previous));
    assertThat(current.getStatus().phase).as("finished before the chaos ended (%s): %s", chaos,
        io.fabric8.kubernetes.client.utils.Serialization.asYaml(current.getStatus())).isEqualTo(Phase.Running);
    SandboxJobs.sleep(1200);
    Optional<Reclaim> hit = reclaimer.reclaim("default", name, mode);
    if (hit.isPresent()) {
      assertThat(hit.get().attempt()).as("the reclaim hit the newest attempt").isGreaterThan(previous);
      hits.add(hit.get());
      chaos.add(mode.name() + " of attempt " + hit.get().attempt());
    }
  }

  private static void assertCompletedAtExactly(StandInRecord record, long steps, int lastAttempt) throws Exception {
    List<CommittedCheckpoint> committed = record.committed();
    CommittedCheckpoint newest = committed.get(committed.size() - 1);
    assertThat(newest.step()).as("the newest checkpoint is the target step, never past it").isEqualTo(steps);
    assertThat(newest.attempt()).as("written by the last attempt").isEqualTo(lastAttempt);
  }

  /**
   * For every attempt that restored: it restored the newest checkpoint committed before it claimed the
   * directory (step 0 when there was none). Every attempt that trained a step restored first, and so
   * did the last one; an attempt killed while starting (a reclaim in its first second) may have none.
   */
  private static void assertEveryAttemptResumedFromTheNewestCheckpoint(StandInRecord record, int lastAttempt)
      throws Exception {
    Map<Integer, Instant> claims = record.claims();
    Map<Integer, Long> restored = record.restoredSteps();
    assertThat(restored.keySet()).as("attempts that recorded a restore").isSubsetOf(claims.keySet())
        .contains(lastAttempt).containsAll(record.stepsLostByAttempt().keySet());
    List<CommittedCheckpoint> committed = record.committed();
    restored.forEach((attempt, step) -> {
      long newestThen = committed.stream().filter(c -> c.time().isBefore(claims.get(attempt)))
          .mapToLong(CommittedCheckpoint::step).max().orElse(0);
      assertThat(step).as("step attempt %d restored", attempt).isEqualTo(newestThen);
    });
  }

  private static void assertEveryCheckpointRestoresAndWasWrittenByTheOwner(StandInRecord record) throws Exception {
    for (CommittedCheckpoint checkpoint : record.committed()) {
      assertThat(record.restores(checkpoint)).as("%s restores", checkpoint).isTrue();
      assertThat(checkpoint.attempt()).as("%s was committed by the attempt owning the directory then", checkpoint)
          .isEqualTo(record.ownerAt(checkpoint.time()));
    }
  }

  private static void deleteAndAssertNothingLeft(Sandbox sandbox, SandboxJobs jobs, SegmentationTrainingJob done) {
    String name = done.getMetadata().getName();
    sandbox.client().resource(done).delete();
    assertThat(jobs.get(name)).as("deleted at once: jobs carry no finalizer").isNull();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!jobs.pods(name).isEmpty() && System.nanoTime() < deadline) {
      SandboxJobs.sleep(200);
    }
    assertThat(jobs.pods(name)).as("pods left behind").isEmpty();
    assertThat(sandbox.kubelet().runningProcesses()).as("processes left behind").isEmpty();
  }
}
