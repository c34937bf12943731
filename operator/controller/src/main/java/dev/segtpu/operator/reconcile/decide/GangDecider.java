package dev.segtpu.operator.reconcile.decide;

import dev.segtpu.api.FailurePolicySpec;
import dev.segtpu.api.HangDetectionSpec;
import dev.segtpu.api.Phase;
import dev.segtpu.api.Provisioning;
import dev.segtpu.api.ProvisioningLadder;
import dev.segtpu.api.RungStatus;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.SegmentationTrainingJobStatus.AttemptEndingStatus;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.contract.StatusDocument;
import dev.segtpu.operator.checkpointing.CheckpointIntervalChoice;
import dev.segtpu.operator.figures.cost.BudgetVerdict;
import dev.segtpu.operator.gang.EndingKind;
import dev.segtpu.operator.gang.GangEnding;
import dev.segtpu.operator.gang.GangView;
import dev.segtpu.operator.hang.HangDetector;
import dev.segtpu.operator.hang.StepWatch;
import dev.segtpu.operator.progress.ProgressRecorder;
import dev.segtpu.operator.reconcile.decide.StopRules.Stop;
import dev.segtpu.operator.reconcile.observe.Observation;
import dev.segtpu.operator.reconcile.observe.ObservedGang;
import dev.segtpu.operator.reconcile.observe.SpecGate;
import dev.segtpu.operator.status.Conditions;
import dev.segtpu.operator.status.JobEvent;
import dev.segtpu.operator.status.JobEvents;
import dev.segtpu.operator.status.StatusCopy;
import dev.segtpu.operator.status.Timestamps;
import dev.segtpu.operator.workload.AttemptPlan;
import dev.segtpu.operator.gang.WorkerState;
import dev.segtpu.operator.workload.GangNames;
import dev.segtpu.operator.workload.KueuePodGroups;
import dev.segtpu.tpu.TpuSlices;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The decide step: from what was observed (the effective spec, the last written status, the gang, the
 * trainer's report), what happens now. Pure (the clock is an input) and returns an immutable
 * {@link Decision}; every rule of the job's life is decided here, with the reasons to stop a gang in
 * {@link StopRules}, the spec's conditions in {@link SpecConditions}, how an attempt's end is recorded in
 * {@link AttemptEndings}, the decision being made in {@link DecisionDraft}, the cost and goodput in
 * {@link Figures} and whether the status is worth a write in {@link StatusRefresh}:
 * <ul>
 *   <li>an ended attempt is recorded once (status first), counted by kind, and its pods torn down;</li>
 *   <li>a new attempt starts only when no pod of an earlier one is left (the attempt number is the
 *       fencing token), after the failure backoff, and not while suspended;</li>
 *   <li>preemptions never consume the failure budget and can switch Spot to on-demand;</li>
 *   <li>a trainer whose step counter stands still while it trains is hung ({@link HangDetector}): its gang
 *       restarts from the latest checkpoint, as after a trainer failure;</li>
 *   <li>suspend, Kueue admission, budget and deadline stop the gang gracefully;</li>
 *   <li>finished jobs keep their terminated pods until the TTL deletes the job.</li>
 * </ul>
 */
public final class GangDecider {

  /** How soon a creation retried after a refusal is confirmed (the WorkersCreated condition turns True). */
  static final Duration CONFIRM_CREATION = Duration.ofSeconds(1);

  /** What the lifecycle rules look at: the observation of a job whose spec is valid. */
  record Input(SegmentationTrainingJob job, SpecGate.Verdict verdict, TpuSlices slices, GangView gang,
               Optional<StatusDocument> report, Instant now) {

    SegmentationTrainingJobSpec spec() {
      return verdict.effective().orElseThrow();
    }
  }

  private final LifecyclePolicy policy;
  private final CheckpointIntervalChoice intervals;
  private final StopRules stopRules;
  private final AttemptEndings endings;
  private final Figures figures;
  private final StatusRefresh refresh;

  /**
   * @param figures the cost and goodput of the decided status
   * @param refresh when a status that differs only in those figures is written
   */
  public GangDecider(LifecyclePolicy policy, CheckpointIntervalChoice intervals, Figures figures, StatusRefresh refresh) {
    this.policy = policy;
    this.intervals = intervals;
    this.stopRules = new StopRules();
    this.endings = new AttemptEndings(policy, figures.priceTable());
    this.figures = figures;
    this.refresh = refresh;
  }

  public Decision decide(Observation seen) {
    return seen.gang().map(gang -> valid(seen, gang)).orElseGet(() -> invalid(seen));
  }

  /** A spec that never passed validation: say what to fix, once, and wait for the next edit. */
  private Decision invalid(Observation seen) {
    SegmentationTrainingJob job = seen.job();
    SegmentationTrainingJobStatus next = copy(job.getStatus());
    next.observedGeneration = job.getMetadata().getGeneration();
    if (next.phase == null) {
      next.phase = Phase.Pending;
    }
    List<JobEvent> events = SpecConditions.invalid(next.conditions, SpecConditions.describe(seen.verdict().errors()),
        next.observedGeneration, seen.now()).stream().toList();
    return new Decision(next, write(seen, next), false, List.of(), Optional.empty(), List.of(), events, Optional.empty(), false);
  }

  /** The lifecycle rules, then the figures of the status they decided, then whether to write it. */
  private Decision valid(Observation seen, ObservedGang gang) {
    Input in = new Input(seen.job(), seen.verdict(), gang.slices(), gang.view(), gang.report(), seen.now());
    DecisionDraft d = new DecisionDraft(in, copy(in.job().getStatus()));
    validity(d);
    if (!d.next.phaseOrPending().finished()) {
      if (in.gang().active()) {
        activeAttempt(d);
      } else {
        betweenAttempts(d);
      }
    }
    Figures.Values values = figures.of(new Figures.Input(in.job(), in.spec(), in.slices(), in.gang(), in.report(),
        d.previous, StatusCopy.of(d.next), in.now()));
    d.next.cost = values.cost();
    d.next.goodput = values.goodput();
    if (values.estimate() != null) {
      d.next.estimate = values.estimate();
    }
    LimitProjection.apply(d.spec, d.next, d.now).ifPresent(d.events::add);
    return d.decision(write(seen, d.next));
  }

  private StatusWrite write(Observation seen, SegmentationTrainingJobStatus next) {
    return refresh.decide(seen.job().getStatus(), next, seen.lastStatusWrite(), seen.now());
  }

  /** The Valid and SpecApplied conditions for this generation. */
  private void validity(DecisionDraft d) {
    d.events.addAll(SpecConditions.apply(d.in.verdict(), d.next.conditions, d.next.observedGeneration, d.now));
  }

  /** An attempt is active: record its ending, stop it, or keep it going. */
  private void activeAttempt(DecisionDraft d) {
    Optional<GangEnding> ending = d.gang.ending();
    if (ending.isPresent()) {
      // The last report (from the ended trainer's termination message when it left one) is recorded
      // with the ending: after it, no report of this attempt is read.
      d.in.report().ifPresent(report -> d.events.addAll(ProgressRecorder.record(report, d.gang.attempt(), d.next)));
      endings.record(d, ending.get());
      return;
    }
    Optional<Stop> stop = stop(d);
    if (stop.isPresent()) {
      endings.stop(d, stop.get());
      return;
    }
    HangDetector.Verdict steps = watchSteps(d);
    if (steps.hang().isPresent()) {
      d.in.report().ifPresent(report -> d.events.addAll(ProgressRecorder.record(report, d.gang.attempt(), d.next)));
      endings.hung(d, steps.hang().get());
      return;
    }
    keepGoing(d);
  }

  /**
   * The hang detector's look at the step counter: the watch is kept in the status, a look is due when it
   * would turn into a hang, and the Hung condition of an earlier attempt clears once this one trains on.
   */
  private HangDetector.Verdict watchSteps(DecisionDraft d) {
    HangDetectionSpec policy = FailurePolicySpec.orDefaults(d.spec.failurePolicy).hangDetectionOrDefaults();
    HangDetector.Verdict verdict = HangDetector.look(policy, d.gang.attempt(), StepWatch.fromStatus(d.next.stepWatch),
        d.in.report(), d.now);
    d.next.stepWatch = verdict.watch().map(StepWatch::toStatus).orElse(null);
    if (verdict.hang().isEmpty()) {
      verdict.watch().flatMap(watch -> HangDetector.deadline(policy, watch, d.in.report()))
          // a moment past the bound, so the look that follows finds it passed
          .ifPresent(deadline -> d.requeueAt(deadline.plusMillis(100)));
    }
    if (verdict.advanced() && Conditions.isTrue(d.next.conditions, Conditions.HUNG)) {
      Conditions.set(d.next.conditions, Conditions.HUNG, false, "Progressing", "attempt " + d.gang.attempt()
          + " trains on: its step counter reached " + verdict.watch().orElseThrow().step(), d.next.observedGeneration, d.now);
    }
    return verdict;
  }

  /** The gang is complete or forming: create what is missing, follow its progress. */
  private void keepGoing(DecisionDraft d) {
    for (Pod leftover : d.gang.leftoversToDelete()) {
      d.delete(leftover);
    }
    if (!d.gang.launched()) {
      List<Integer> missing = d.gang.missingWorkers();
      if (!missing.isEmpty()) {
        d.launch = Optional.of(plan(d, d.gang.attempt(), d.provisioning(),
            d.next.checkpointInterval != null ? d.next.checkpointInterval : checkpointInterval(d, d.provisioning())));
        d.workersToCreate = missing;
      }
      d.next.launchedAttempt = d.gang.attempt();
    }
    boolean refusedBefore = Conditions.find(d.next.conditions, Conditions.WORKERS_CREATED)
        .map(c -> "False".equals(c.getStatus())).orElse(false);
    if (refusedBefore && d.gang.missingWorkers().isEmpty()) {
      Conditions.set(d.next.conditions, Conditions.WORKERS_CREATED, true, "Created",
          "attempt " + d.gang.attempt() + ": all workers created", d.next.observedGeneration, d.now);
    } else if (refusedBefore) {
      // creating them again after a refusal: look in a moment whether they now exist (no event may come:
      // the operator's own creations do not trigger it, and a pending pod may not change for a while)
      d.requeueIn(CONFIRM_CREATION);
    }
    int hosts = d.gang.workers().size();
    waitingForKueue(d);
    if (d.gang.allPlaced()) {
      if (Conditions.set(d.next.conditions, Conditions.SCHEDULED, true, "AllWorkersPlaced",
          "attempt " + d.gang.attempt() + ": all " + hosts + " workers placed on " + d.next.tpu + " nodes", d.next.observedGeneration, d.now)) {
        d.events.add(JobEvent.normal(JobEvents.SCHEDULED,
            "attempt " + d.gang.attempt() + ": all " + hosts + " workers placed on " + d.next.tpu + " nodes"));
      }
    }
    if (d.gang.allRunning()) {
      d.next.phase = Phase.Running;
      if (Conditions.set(d.next.conditions, Conditions.RUNNING, true, "TrainerRunning",
          "attempt " + d.gang.attempt() + ": " + hosts + " trainers running", d.next.observedGeneration, d.now)) {
        d.events.add(JobEvent.normal(JobEvents.STARTED, "attempt " + d.gang.attempt() + ": " + hosts + " trainers running"));
      }
      d.requeueIn(policy.progressInterval());
    } else {
      d.next.phase = Phase.Scheduling;
    }
    d.gang.nextCheckAt().ifPresent(d::requeueAt);
    d.in.report().ifPresent(report -> d.events.addAll(ProgressRecorder.record(report, d.gang.attempt(), d.next)));
    budgetWarning(d);
    d.deadlineTimer();
  }

  /**
   * Workers held by Kueue's admission gate: the job says it waits in its queue (Scheduled False), once per
   * attempt; Kueue's admission lifts the gate and scheduling goes on as usual.
   */
  private void waitingForKueue(DecisionDraft d) {
    Optional<Pod> gated = d.gang.workers().stream().map(WorkerState::pod).filter(Objects::nonNull)
        .filter(KueuePodGroups::gated).findFirst();
    if (gated.isEmpty()) {
      return;
    }
    Map<String, String> labels = gated.get().getMetadata().getLabels();
    String message = "attempt " + d.gang.attempt() + ": the workers wait for Kueue to admit pod group "
        + labels.get(GangNames.KUEUE_POD_GROUP_LABEL) + " in queue " + labels.get(GangNames.KUEUE_QUEUE_LABEL);
    boolean already = Conditions.find(d.next.conditions, Conditions.SCHEDULED)
        .map(c -> "False".equals(c.getStatus()) && JobEvents.WAITING_FOR_KUEUE.equals(c.getReason())).orElse(false);
    Conditions.set(d.next.conditions, Conditions.SCHEDULED, false, JobEvents.WAITING_FOR_KUEUE, message, d.next.observedGeneration, d.now);
    if (!already) {
      d.events.add(JobEvent.normal(JobEvents.WAITING_FOR_KUEUE, message));
    }
  }

  /** No attempt is active: clear leftovers, wait (fencing, backoff, suspension) or start the next one. */
  private void betweenAttempts(DecisionDraft d) {
    Optional<Stop> stop = stop(d);
    if (stop.isPresent() && stop.get().fatal() && d.next.startTime != null) {
      d.fail(stop.get().reason(), stop.get().message());
      return;
    }
    List<Pod> leftovers = d.gang.leftoversToDelete();
    leftovers.forEach(d::delete);
    if (stop.isPresent() && !stop.get().fatal()) {
      d.suspend(stop.get());
      return;
    }
    if (!d.gang.leftovers().isEmpty()) {
      // Fencing: the next attempt's pods are created only once every pod of the previous one is gone.
      if (d.next.phase != Phase.Pending) {
        d.next.phase = Phase.Restarting;
      }
      d.deadlineTimer();
      return;
    }
    Instant restartAt = restartAt(d);
    if (restartAt != null && d.now.isBefore(restartAt)) {
      d.next.phase = Phase.Restarting;
      d.requeueAt(restartAt);
      d.deadlineTimer();
      return;
    }
    if (d.previous.phase == Phase.Suspended) {
      Conditions.set(d.next.conditions, Conditions.SUSPENDED, false, "Resumed", "the job runs again", d.next.observedGeneration, d.now);
      d.events.add(JobEvent.normal(JobEvents.RESUMED, "resuming from the latest checkpoint" + d.checkpointNote()));
    }
    startAttempt(d);
  }

  /** After a trainer failure: when the backoff ends. */
  private Instant restartAt(DecisionDraft d) {
    AttemptEndingStatus last = d.next.lastEnding;
    if (last == null || !EndingKind.TRAINER_FAILED.value().equals(last.kind)) {
      return null;
    }
    Instant ended = Timestamps.parseOrNull(last.time);
    return ended == null ? null : ended.plus(policy.backoff(d.next.failuresOrZero()));
  }

  private void startAttempt(DecisionDraft d) {
    int attempt = d.gang.attempt() + 1;
    Provisioning provisioning = d.provisioning();
    String interval = checkpointInterval(d, provisioning);
    AttemptPlan plan = plan(d, attempt, provisioning, interval);
    d.launch = Optional.of(plan);
    d.workersToCreate = IntStream.range(0, d.in.slices().workers()).boxed().toList();
    d.next.attempt = attempt;
    d.next.launchedAttempt = attempt;
    d.next.provisioning = provisioning;
    d.next.tpu = d.describeTpu(provisioning);
    ProvisioningLadder ladder = ProvisioningLadder.of(d.spec);
    if (d.next.rung == null && ladder.size() > 1) {
      RungStatus first = new RungStatus();
      first.index = 0;
      first.of = ladder.size();
      first.provisioning = provisioning;
      first.since = d.now.toString();
      first.preemptionsAtEntry = 0;
      d.next.rung = first;
    }
    d.next.checkpointInterval = interval;
    d.next.attemptStartTime = d.now.toString();
    if (d.next.startTime == null) {
      d.next.startTime = d.now.toString();
    }
    if (d.next.acceptedSpec == null) {
      d.next.acceptedSpec = d.in.verdict().acceptedJson();
    }
    d.next.restoredFromStep = null;
    d.next.stepWatch = null;  // the new attempt's clock starts with its first report
    d.next.throughput = null;  // the previous attempt's rate; the new one reports its own once it trains
    d.next.phase = Phase.Scheduling;
    Conditions.set(d.next.conditions, Conditions.SCHEDULED, false, "WaitingForNodes",
        "attempt " + attempt + ": waiting for " + d.in.slices().workers() + " " + d.next.tpu + " host(s)", d.next.observedGeneration, d.now);
    Conditions.set(d.next.conditions, Conditions.RUNNING, false, "Starting",
        "attempt " + attempt + " is starting", d.next.observedGeneration, d.now);
    if (attempt > 1) {
      AttemptEndingStatus last = d.next.lastEnding;
      String after = last == null ? "" : " after " + last.kind + " (" + last.reason + ")";
      d.events.add(JobEvent.normal(JobEvents.RESTARTED, "attempt " + attempt + " started on " + d.next.tpu + after
          + "; resuming from the latest checkpoint" + d.checkpointNote()));
    }
    d.deadlineTimer();
  }

  /** Why the gang must not run now, if it must not. */
  private Optional<Stop> stop(DecisionDraft d) {
    return stopRules.stop(d.in.job(), d.spec, d.next, d.now);
  }

  private void budgetWarning(DecisionDraft d) {
    Double max = d.spec.budget == null ? null : d.spec.budget.maxCostUSD;
    Double spent = d.next.cost == null ? null : d.next.cost.soFarUSD;
    if (max == null || spent == null) {
      return;
    }
    boolean warn = StopRules.budgetVerdict(d.spec, d.next) != BudgetVerdict.OK;
    String message = String.format(Locale.ROOT, "spent %s USD of %s USD (%.0f%%)", StopRules.usd(spent), StopRules.usd(max),
        100 * spent / max);
    boolean flipped = Conditions.set(d.next.conditions, Conditions.BUDGET_WARNING, warn, warn ? "Above80Percent" : "Below80Percent",
        message, d.next.observedGeneration, d.now);
    if (warn && flipped) {
      d.events.add(JobEvent.warning(JobEvents.BUDGET_WARNING, message + "; the job stops at 100%"));
    }
  }

  private AttemptPlan plan(DecisionDraft d, int attempt, Provisioning provisioning, String interval) {
    return new AttemptPlan(d.in.job(), d.spec, d.in.slices().shape(), attempt, provisioning, interval, kueueQueue(d.in.job()));
  }

  /** The job's Kueue queue, when the operator runs queued jobs' attempts as Kueue pod groups. */
  private Optional<String> kueueQueue(SegmentationTrainingJob job) {
    return policy.kueueGate() && job.getMetadata().getLabels() != null
        ? Optional.ofNullable(job.getMetadata().getLabels().get(GangNames.KUEUE_QUEUE_LABEL)) : Optional.empty();
  }

  private String checkpointInterval(DecisionDraft d, Provisioning provisioning) {
    return intervals.forAttempt(d.in.job(), d.spec, provisioning, d.now);
  }

  private static SegmentationTrainingJobStatus copy(SegmentationTrainingJobStatus status) {
    SegmentationTrainingJobStatus copy = status == null ? new SegmentationTrainingJobStatus() : StatusCopy.of(status);
    if (copy.conditions == null) {
      copy.conditions = new ArrayList<>();
    }
    return copy;
  }
}
