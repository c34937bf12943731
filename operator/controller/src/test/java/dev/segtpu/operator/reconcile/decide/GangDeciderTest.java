package dev.segtpu.operator.reconcile.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.Phase;
import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobStatus.ThroughputStatus;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.api.TpuGeneration;
import dev.segtpu.api.validation.SpecValidator;
import dev.segtpu.operator.checkpointing.CheckpointIntervalChoice;
import dev.segtpu.operator.gang.GangObserver;
import dev.segtpu.operator.gang.GangView;
import dev.segtpu.operator.gang.NodeLiveness;
import dev.segtpu.operator.gang.PodEndingClassifier;
import dev.segtpu.operator.reconcile.observe.Observation;
import dev.segtpu.operator.reconcile.observe.ObservedGang;
import dev.segtpu.operator.reconcile.observe.SpecGate;
import dev.segtpu.operator.status.Conditions;
import dev.segtpu.operator.testing.Jobs;
import dev.segtpu.operator.testing.PodStates;
import dev.segtpu.operator.workload.AttemptPlan;
import dev.segtpu.operator.workload.WorkerPodFactory;
import dev.segtpu.operator.workload.WorkloadDefaults;
import dev.segtpu.tpu.SliceShape;
import dev.segtpu.tpu.TpuSlices;
import dev.segtpu.tpu.TpuCatalog;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The decide step alone: pure, with the clock as an input. */
class GangDeciderTest {

  static final TpuCatalog CATALOG = TpuCatalog.load();
  static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

  final SpecGate gate = new SpecGate(new SpecValidator(CATALOG), new KubernetesSerialization());
  final GangObserver observer = new GangObserver(new PodEndingClassifier(NodeLiveness.UNKNOWN));
  final LifecyclePolicy policy = new LifecyclePolicy(Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(30), true);
  final GangDecider decider = new GangDecider(policy, CheckpointIntervalChoice.fixed(Duration.ofMinutes(10)), Figures.UNCHANGED,
      new StatusRefresh(Duration.ofSeconds(60)));
  final WorkerPodFactory factory = new WorkerPodFactory(WorkloadDefaults.defaults());
  SegmentationTrainingJob job;
  SliceShape slice;
  final List<Pod> pods = new ArrayList<>();

  @BeforeEach
  void twoHostJob() {
    job = Jobs.job("j", "ml", TpuGeneration.V4, "2x2x2", Provisioning.SPOT);
    job.getMetadata().setUid("uid-1");
    job.getMetadata().setGeneration(1L);
    job.setStatus(new SegmentationTrainingJobStatus());
    slice = CATALOG.requireSlice(TpuGeneration.V4, "2x2x2");
  }

  Decision decide(Instant now) {
    SpecGate.Verdict verdict = gate.check(job);
    TpuSlices slices = new TpuSlices(slice, verdict.effective().orElseThrow().tpu.slicesOrDefault());
    GangView gang = observer.observe(verdict.effective().orElseThrow(), job.getStatus(), slices.workers(), pods, now);
    return decider.decide(new Observation(job, verdict, Optional.of(new ObservedGang(verdict.effective().orElseThrow(), slices, gang,
        Optional.empty())), Optional.empty(), List.of(), now));
  }

  /** Applies a decision as the actuator would, on the in-memory "cluster". */
  void apply(Decision decision) {
    job.setStatus(decision.status());
    pods.removeAll(decision.podsToDelete());
    decision.launch().ifPresent(plan -> decision.workersToCreate().forEach(w -> pods.add(factory.worker(plan, w))));
  }

  void setPods(UnaryOperator<Pod> change) {
    pods.replaceAll(change);
  }

  @Test
  void aDecisionIsImmutableAndSaysWhetherItsStatusIsWritten() {
    Decision decision = decide(NOW);
    SegmentationTrainingJobStatus read = decision.status();
    Phase decided = read.phase;
    int conditions = read.conditions.size();
    read.phase = Phase.Failed;
    read.conditions.clear();

    assertThat(decision.status().phase).isEqualTo(decided);
    assertThat(decision.status().conditions).hasSize(conditions);
    assertThat(decision.statusWrite()).isEqualTo(StatusWrite.CHANGED);
    assertThat(decision.statusWrite().write()).isTrue();
  }

  @Test
  void aNewJobStartsAttemptOneWithEveryWorkerAndRecordsItAfterCreating() {
    Decision decision = decide(NOW);

    assertThat(decision.launch()).map(AttemptPlan::attempt).hasValue(1);
    assertThat(decision.workersToCreate()).containsExactly(0, 1);
    assertThat(decision.statusFirst()).isFalse();
    assertThat(decision.status().attempt).isEqualTo(1);
    assertThat(decision.status().launchedAttempt).isEqualTo(1);
    assertThat(decision.status().phase).isEqualTo(Phase.Scheduling);
    assertThat(decision.status().acceptedSpec).contains("\"topology\":\"2x2x2\"");
    assertThat(decision.status().startTime).isEqualTo(NOW.toString());
    assertThat(decision.events()).isEmpty();
  }

  @Test
  void aRefusedCreationsConditionTurnsTrueOnceTheDecideStepSeesEveryWorkerOfTheAttempt() {
    Decision first = decide(NOW);
    SegmentationTrainingJobStatus refused = first.status();
    refused.launchedAttempt = null;
    Conditions.set(refused.conditions, Conditions.WORKERS_CREATED, false, "FailedCreate", "HTTP 403", 1L, NOW);
    job.setStatus(refused);
    pods.add(factory.worker(first.launch().orElseThrow(), 0));

    Decision oneMissing = decide(NOW);
    assertThat(oneMissing.workersToCreate()).containsExactly(1);
    assertThat(Conditions.find(oneMissing.status().conditions, Conditions.WORKERS_CREATED)).hasValueSatisfying(c ->
        assertThat(c.getStatus()).as("a worker is still missing").isEqualTo("False"));

    apply(oneMissing);
    Decision all = decide(NOW);
    assertThat(Conditions.find(all.status().conditions, Conditions.WORKERS_CREATED)).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("Created");
    });
    assertThat(all.statusWrite().write()).isTrue();
  }

  @Test
  void aLostGangIsRecordedBeforeAnyPodIsTouchedAndCountedOnce() {
    apply(decide(NOW));
    setPods(PodStates.running("n", "10.0.0.1"));
    apply(decide(NOW));
    pods.set(1, PodStates.disrupted("TerminationByKubelet").apply(pods.get(1)));

    Decision ending = decide(NOW);
    assertThat(ending.statusFirst()).isTrue();
    assertThat(ending.status().endedAttempt).isEqualTo(1);
    assertThat(ending.status().preemptions).isEqualTo(1);
    assertThat(ending.podsToDelete()).hasSize(2);
    assertThat(ending.launch()).isEmpty();

    // The same pods are seen again (the deletions have not landed yet): nothing is counted twice.
    job.setStatus(ending.status());
    Decision again = decide(NOW);
    assertThat(again.status().preemptions).isEqualTo(1);
    assertThat(again.launch()).isEmpty();
  }

  @Test
  void aJobOfTwoSlicesStartsEveryHostOfBothSlicesAsOneAttempt() {
    job.getSpec().tpu.slices = 2;

    Decision decision = decide(NOW);

    assertThat(decision.workersToCreate()).containsExactly(0, 1, 2, 3);
    assertThat(decision.status().tpu).isEqualTo("2 × v4 2x2x2 spot");
    apply(decision);
    assertThat(pods).extracting(p -> p.getMetadata().getLabels().get("segtpu.dev/attempt")).containsOnly("1");
    assertThat(pods).extracting(p -> p.getMetadata().getLabels().get("segtpu.dev/slice")).containsExactly("0", "0", "1", "1");
  }

  @Test
  void losingOneSliceEndsTheAttemptOfEverySliceNamesTheSliceAndRestartsThemAllTogether() {
    job.getSpec().tpu.slices = 2;
    apply(decide(NOW));
    setPods(PodStates.running("n", "10.0.0.1"));
    apply(decide(NOW));
    pods.set(3, PodStates.disrupted("TerminationByKubelet").apply(pods.get(3)));  // host 1 of slice 1

    Decision ending = decide(NOW);

    assertThat(ending.statusFirst()).isTrue();
    assertThat(ending.podsToDelete()).as("both slices' pods").hasSize(4);
    assertThat(ending.status().preemptions).isEqualTo(1);
    assertThat(ending.status().failuresOrZero()).isZero();
    assertThat(ending.status().lastEnding.message).startsWith("slice 1 of 2 lost: ");
    assertThat(ending.status().lastEnding.worker).isEqualTo(3);
    assertThat(ending.events()).anySatisfy(e -> assertThat(e.message()).contains("slice 1 of 2 lost: "));
    assertThat(ending.status().conditions).anySatisfy(c -> assertThat(c.getMessage()).contains("slice 1 of 2 lost: "));

    apply(ending);
    Decision restart = decide(NOW.plusSeconds(1));
    assertThat(restart.launch()).map(AttemptPlan::attempt).hasValue(2);
    assertThat(restart.workersToCreate()).containsExactly(0, 1, 2, 3);
  }

  @Test
  void theNextAttemptWaitsUntilEveryPodOfThePreviousOneIsGone() {
    apply(decide(NOW));
    pods.set(0, PodStates.exited(1, "Error").apply(pods.get(0)));
    Decision ending = decide(NOW);
    job.setStatus(ending.status());
    pods.get(1).getMetadata().setDeletionTimestamp(NOW.toString());  // still terminating
    pods.remove(0);

    Decision waiting = decide(NOW.plusSeconds(60));
    assertThat(waiting.launch()).isEmpty();
    assertThat(waiting.status().phase).isEqualTo(Phase.Restarting);

    pods.clear();
    Decision restart = decide(NOW.plusSeconds(60));
    assertThat(restart.launch()).map(AttemptPlan::attempt).hasValue(2);
  }

  @Test
  void aNewAttemptDoesNotShowThePreviousAttemptsThroughput() {
    apply(decide(NOW));
    ThroughputStatus measured = new ThroughputStatus();
    measured.imagesPerSecond = 70.0;
    job.getStatus().throughput = measured;
    pods.set(0, PodStates.disrupted("TerminationByKubelet").apply(pods.get(0)));
    apply(decide(NOW));
    assertThat(job.getStatus().throughput).as("kept while no attempt runs").isNotNull();
    pods.clear();

    Decision restart = decide(NOW.plusSeconds(1));
    assertThat(restart.launch()).map(AttemptPlan::attempt).hasValue(2);
    assertThat(restart.status().throughput).isNull();
  }

  @Test
  void aRestartAfterATrainerFailureWaitsForTheBackoff() {
    apply(decide(NOW));
    pods.set(0, PodStates.exited(1, "Error").apply(pods.get(0)));
    apply(decide(NOW));
    assertThat(pods).isEmpty();

    Decision early = decide(NOW.plusSeconds(5));
    assertThat(early.launch()).isEmpty();
    assertThat(early.requeueAfter()).hasValue(Duration.ofSeconds(5));

    Decision due = decide(NOW.plusSeconds(10));
    assertThat(due.launch()).map(AttemptPlan::attempt).hasValue(2);
  }

  @Test
  void backoffDoublesUpToItsMaximum() {
    assertThat(policy.backoff(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(policy.backoff(2)).isEqualTo(Duration.ofSeconds(20));
    assertThat(policy.backoff(4)).isEqualTo(Duration.ofSeconds(80));
    assertThat(policy.backoff(10)).isEqualTo(Duration.ofMinutes(5));
    assertThat(policy.backoff(64)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aSucceededJobKeepsItsPodsForLogsUntilTheTtl() {
    job.getSpec().ttlSecondsAfterFinished = 60;
    apply(decide(NOW));
    setPods(PodStates.exited(0, "Completed"));
    apply(decide(NOW));
    assertThat(job.getStatus().phase).isEqualTo(Phase.Succeeded);
    assertThat(pods).hasSize(2);

    Decision before = decide(NOW.plusSeconds(30));
    assertThat(before.deleteJob()).isFalse();
    assertThat(before.requeueAfter()).hasValue(Duration.ofSeconds(30));
    assertThat(decide(NOW.plusSeconds(60)).deleteJob()).isTrue();
  }

  @Test
  void aWorkerThatVanishesBeforeTheGangWasCompleteIsCreatedNotMournedButAfterwardsItIsAPreemption() {
    Decision start = decide(NOW);
    job.setStatus(start.status());
    job.getStatus().launchedAttempt = 0;   // crashed after creating worker 0 only
    pods.add(factory.worker(start.launch().orElseThrow(), 0));

    Decision resume = decide(NOW);
    assertThat(resume.workersToCreate()).containsExactly(1);
    assertThat(resume.status().launchedAttempt).isEqualTo(1);
    apply(resume);

    pods.remove(1);
    Decision lost = decide(NOW);
    assertThat(lost.status().lastEnding.reason).isEqualTo("WorkerPodMissing");
    assertThat(lost.status().preemptions).isEqualTo(1);
  }

  /**
   * A v4 Spot job with a ladder to on-demand after one preemption, 10 USD spent and 40 USD projected (30 USD
   * left at Spot prices, 0.966 per chip-hour: about 100 USD at on-demand's 3.22), loses its gang.
   */
  private Decision preemptedWithALadderAndABudgetOf(double budget) {
    DecideBench bench = DecideBench.priced();
    bench.job = job;
    job.getSpec().provisioningLadder = List.of(new dev.segtpu.api.ProvisioningRung(Provisioning.ON_DEMAND, 1, null));
    job.getSpec().budget = new dev.segtpu.api.BudgetSpec();
    job.getSpec().budget.maxCostUSD = budget;
    bench.apply(bench.decide(NOW, Optional.empty()));
    bench.pods.replaceAll(PodStates.running("n", "10.0.0.1"));
    bench.apply(bench.decide(NOW, Optional.empty()));
    job.getStatus().cost = new SegmentationTrainingJobStatus.CostStatus();
    job.getStatus().cost.soFarUSD = 10.0;
    job.getStatus().cost.projectedUSD = 40.0;
    bench.pods.set(0, PodStates.disrupted("TerminationByKubelet").apply(bench.pods.get(0)));
    return bench.decide(NOW, Optional.empty());
  }

  @Test
  void aMoveUpTheLadderThatWouldCertainlyExceedTheBudgetFailsTheJobWithBudgetExceededInstead() {
    Decision ending = preemptedWithALadderAndABudgetOf(100.0);

    assertThat(ending.status().phase).isEqualTo(Phase.Failed);
    assertThat(Conditions.find(ending.status().conditions, "Failed").orElseThrow()).satisfies(c -> {
      assertThat(c.getReason()).isEqualTo("BudgetExceeded");
      assertThat(c.getMessage()).contains("from spot to on-demand").contains("about 110.00 USD")
          .contains("spec.budget.maxCostUSD 100.00 USD");
    });
  }

  @Test
  void aMoveUpTheLadderWithinTheBudgetGoesAhead() {
    Decision ending = preemptedWithALadderAndABudgetOf(200.0);

    assertThat(ending.status().phase).isEqualTo(Phase.Restarting);
    assertThat(ending.status().provisioning).isEqualTo(Provisioning.ON_DEMAND);
    assertThat(ending.events()).anySatisfy(e -> assertThat(e.reason()).isEqualTo("ProvisioningChanged"));
  }
}
