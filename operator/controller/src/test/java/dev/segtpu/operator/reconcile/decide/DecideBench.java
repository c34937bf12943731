package dev.segtpu.operator.reconcile.decide;

import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.validation.SpecValidator;
import dev.segtpu.contract.StatusDocument;
import dev.segtpu.operator.checkpointing.CheckpointIntervalChoice;
import dev.segtpu.operator.gang.GangObserver;
import dev.segtpu.operator.gang.GangView;
import dev.segtpu.operator.gang.NodeLiveness;
import dev.segtpu.operator.gang.PodEndingClassifier;
import dev.segtpu.operator.reconcile.observe.Observation;
import dev.segtpu.operator.reconcile.observe.ObservedGang;
import dev.segtpu.operator.reconcile.observe.SpecGate;
import dev.segtpu.operator.workload.WorkerPodFactory;
import dev.segtpu.operator.workload.WorkloadDefaults;
import dev.segtpu.tpu.PriceTable;
import dev.segtpu.tpu.TpuCatalog;
import dev.segtpu.tpu.TpuSlices;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The decide step on an in-memory cluster, for tests: one job, its pods, and a decider built as the operator
 * builds it (lifecycle rules; figures unchanged, or with the default prices). Tests set the job up, then
 * alternate {@link #decide} and {@link #apply}, moving the clock and the trainer's reports themselves.
 */
final class DecideBench {

  static final TpuCatalog CATALOG = TpuCatalog.load();

  final SpecGate gate = new SpecGate(new SpecValidator(CATALOG), new KubernetesSerialization());
  final GangObserver observer = new GangObserver(new PodEndingClassifier(NodeLiveness.UNKNOWN));
  final LifecyclePolicy policy = new LifecyclePolicy(Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(30), true);
  final WorkerPodFactory factory = new WorkerPodFactory(WorkloadDefaults.defaults());
  final List<Pod> pods = new ArrayList<>();
  final GangDecider decider;
  SegmentationTrainingJob job;

  private DecideBench(Figures figures) {
    decider = new GangDecider(policy, CheckpointIntervalChoice.fixed(Duration.ofMinutes(10)), figures,
        new StatusRefresh(Duration.ofSeconds(60)));
  }

  /** Cost and goodput stay those last written (the lifecycle rules alone). */
  static DecideBench unpriced() {
    return new DecideBench(Figures.UNCHANGED);
  }

  /** As {@link #unpriced()}, with the default price table known (for rules that price a move). */
  static DecideBench priced() {
    return new DecideBench(new Figures() {
      @Override
      public Values of(Input in) {
        return new Values(in.decided().cost, in.decided().goodput);
      }

      @Override
      public Optional<PriceTable> priceTable() {
        return Optional.of(PriceTable.defaults());
      }
    });
  }

  Decision decide(Instant now, Optional<StatusDocument> report) {
    SpecGate.Verdict verdict = gate.check(job);
    var spec = verdict.effective().orElseThrow(() -> new AssertionError("the job is invalid: " + verdict.errors()));
    TpuSlices slices = new TpuSlices(CATALOG.requireSlice(spec.tpu.generation, spec.tpu.topology), spec.tpu.slicesOrDefault());
    GangView gang = observer.observe(spec, job.getStatus(), slices.workers(), pods, now);
    return decider.decide(new Observation(job, verdict, Optional.of(new ObservedGang(spec, slices, gang, report)),
        Optional.empty(), List.of(), now));
  }

  /** Applies a decision as the actuator would, on the in-memory "cluster". */
  Decision apply(Decision decision) {
    job.setStatus(decision.status());
    pods.removeAll(decision.podsToDelete());
    decision.launch().ifPresent(plan -> decision.workersToCreate().forEach(w -> pods.add(factory.worker(plan, w))));
    return decision;
  }
}
