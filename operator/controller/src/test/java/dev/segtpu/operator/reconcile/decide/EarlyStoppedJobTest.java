package dev.segtpu.operator.reconcile.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.EarlyStoppingSpec;
import dev.segtpu.api.Phase;
import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.api.SegmentationTrainingJobStatus.CostStatus;
import dev.segtpu.api.TpuGeneration;
import dev.segtpu.contract.StatusDocument;
import dev.segtpu.operator.status.Conditions;
import dev.segtpu.operator.status.JobEvent;
import dev.segtpu.operator.status.JobEvents;
import dev.segtpu.operator.testing.Jobs;
import dev.segtpu.operator.testing.PodStates;
import dev.segtpu.operator.workload.WorkerPodFactory;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The decide step for a job with spec.training.earlyStopping, and the trainer that stops early. */
class EarlyStoppedJobTest {

  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  final DecideBench bench = DecideBench.unpriced();
  final List<Pod> pods = bench.pods;
  final WorkerPodFactory factory = bench.factory;
  SegmentationTrainingJob job;

  @BeforeEach
  void singleHostJobThatStopsEarly() {
    job = Jobs.job("j", "ml", TpuGeneration.V5E, "1x1", Provisioning.SPOT);
    job.getMetadata().setUid("uid-1");
    job.getMetadata().setGeneration(1L);
    job.getSpec().training.steps = 2000L;
    job.getSpec().training.evalIntervalSteps = 100L;
    job.getSpec().training.earlyStopping = new EarlyStoppingSpec();
    job.getSpec().training.earlyStopping.metric = "meanIoU";
    job.getSpec().training.earlyStopping.patience = 2;
    job.getSpec().training.earlyStopping.minDelta = 0.005;
    job.setStatus(new SegmentationTrainingJobStatus());
    bench.job = job;
  }

  Decision decide(Instant now, Optional<StatusDocument> report) {
    return bench.decide(now, report);
  }

  Decision apply(Decision decision) {
    return bench.apply(decision);
  }

  static StatusDocument report(String phase, long step, Boolean earlyStopped) {
    return new StatusDocument(phase, 1, step, 2000L, 0L, 0.3, 0.01, 16.0, 2.0, null,
        new StatusDocument.Checkpoint(step, T0.toString(), 1, 0.5), StatusDocument.Eval.deepLab(step, 0.41, 0.88, null),
        null, null, null, null, new StatusDocument.BestCheckpoint(300L, 1, "meanIoU", 0.43), earlyStopped);
  }

  @Test
  void theTrainerIsToldHowToStopEarly() {
    Decision start = decide(T0, Optional.empty());
    Map<String, String> env = start.launch().map(plan -> factory.worker(plan, 0)).orElseThrow().getSpec().getContainers().get(0)
        .getEnv().stream().filter(e -> e.getName().startsWith("SEGTPU_EARLY_STOP"))
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    assertThat(env).containsExactlyInAnyOrderEntriesOf(Map.of("SEGTPU_EARLY_STOP_METRIC", "meanIoU",
        "SEGTPU_EARLY_STOP_PATIENCE", "2", "SEGTPU_EARLY_STOP_MIN_DELTA", "0.005"));
  }

  @Test
  void theBestCheckpointIsCopiedToTheStatusWhileTraining() {
    apply(decide(T0, Optional.empty()));
    pods.replaceAll(PodStates.running("n", "10.0.0.1"));
    Decision running = apply(decide(T0.plusSeconds(60), Optional.of(report("training", 420, null))));
    assertThat(running.status().bestCheckpoint.step).isEqualTo(300);
    assertThat(running.status().bestCheckpoint.metric).isEqualTo("meanIoU");
    assertThat(running.status().bestCheckpoint.value).isEqualTo(0.43);
    assertThat(running.status().earlyStop).isNull();
  }

  @Test
  void aTrainerThatStoppedEarlySucceedsWithReasonEarlyStoppedAndTheSavingsAgainstThePlan() {
    apply(decide(T0, Optional.empty()));
    pods.replaceAll(PodStates.running("n", "10.0.0.1"));
    apply(decide(T0.plusSeconds(60), Optional.of(report("training", 480, null))));
    SegmentationTrainingJobStatus before = job.getStatus();
    before.cost = new CostStatus();
    before.cost.soFarUSD = 1.20;
    before.cost.projectedUSD = 5.00;
    pods.replaceAll(PodStates.exited(0, "Completed"));

    Decision done = apply(decide(T0.plusSeconds(90), Optional.of(report("done", 500, true))));

    SegmentationTrainingJobStatus status = done.status();
    assertThat(status.phase).isEqualTo(Phase.Succeeded);
    assertThat(Conditions.find(status.conditions, Conditions.SUCCEEDED)).hasValueSatisfying(c -> {
      assertThat(c.getReason()).isEqualTo("EarlyStopped");
      assertThat(c.getMessage()).contains("stopped early at step 500").contains("best meanIoU 0.4300 at step 300 (exported)")
          .contains("saved 1500 of 2000 planned steps (about 750 s, 3.80 USD)");
    });
    assertThat(status.earlyStop.step).isEqualTo(500);
    assertThat(status.earlyStop.plannedSteps).isEqualTo(2000);
    assertThat(status.earlyStop.stepsSaved).isEqualTo(1500);
    assertThat(status.earlyStop.secondsSaved).isEqualTo(750.0);
    assertThat(status.earlyStop.costSavedUSD).isCloseTo(3.80, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(done.events()).extracting(JobEvent::reason).contains(JobEvents.SUCCEEDED);
  }

  @Test
  void aTrainerThatRanToItsLastStepSucceedsAsBefore() {
    apply(decide(T0, Optional.empty()));
    pods.replaceAll(PodStates.running("n", "10.0.0.1"));
    pods.replaceAll(PodStates.exited(0, "Completed"));
    Decision done = apply(decide(T0.plusSeconds(90), Optional.of(report("done", 2000, null))));
    assertThat(Conditions.find(done.status().conditions, Conditions.SUCCEEDED)).map(c -> c.getReason())
        .contains("AllWorkersSucceeded");
    assertThat(done.status().earlyStop).isNull();
  }
}
