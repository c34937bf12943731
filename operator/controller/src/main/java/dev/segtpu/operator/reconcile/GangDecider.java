package dev.segtpu.operator.reconcile;

import dev.segtpu.api.Phase;
import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.api.SegmentationTrainingJobStatus.AttemptEndingStatus;
import dev.segtpu.api.validation.FieldError;
import dev.segtpu.operator.cost.BudgetVerdict;
import dev.segtpu.operator.gang.EndingKind;
import dev.segtpu.operator.gang.GangEnding;
import dev.segtpu.operator.gang.GangView;
import dev.segtpu.operator.gang.PodEnding;
import dev.segtpu.operator.progress.ProgressRecorder;
import dev.segtpu.operator.progress.TrainerReport;
import dev.segtpu.operator.reconcile.StopRules.Stop;
import dev.segtpu.operator.status.Conditions;
import dev.segtpu.operator.status.JobEvent;
import dev.segtpu.operator.status.JobEvents;
import dev.segtpu.operator.status.Timestamps;
import dev.segtpu.operator.workload.AttemptPlan;
import dev.segtpu.tpu.SliceShape;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The decide step: from the effective spec, the last written status and the observed gang, what
 * happens now. Pure (the clock is an input); every rule of the job's life is decided here, with
 * the reasons to stop a gang in {@link StopRules} and the spec's conditions in {@link SpecConditions}:
 * <ul>
 *   <li>an ended attempt is recorded once (status first), counted by kind, and its pods torn down;</li>
 *   <li>a new attempt starts only when no pod of an earlier one is left (the attempt number is the
 *       fencing token), after the failure backoff, and not while suspended;</li>
 *   <li>preemptions never consume the failure budget and can switch Spot to on-demand;</li>
 *   <li>suspend, Kueue admission, budget and deadline stop the gang gracefully;</li>
 *   <li>finished jobs keep their terminated pods until the TTL deletes the job.</li>
 * </ul>
 */
public final class GangDecider {

  /** Everything one decision looks at. */
  public record Input(SegmentationTrainingJob job, SpecGate.Verdict verdict, SliceShape slice, GangView gang,
                      Optional<TrainerReport> report, Instant now) {

    SegmentationTrainingJobSpec spec() {
      return verdict.effective().orElseThrow();
    }
  }

  private final LifecyclePolicy policy;
  private final CheckpointIntervalChoice intervals;
  private final StopRules stopRules;
  private final KubernetesSerialization serialization = new KubernetesSerialization();

  public GangDecider(LifecyclePolicy policy, CheckpointIntervalChoice intervals) {
    this.policy = policy;
    this.intervals = intervals;
    this.stopRules = new StopRules(policy);
  }

  /** A spec that never passed validation: say what to fix, once, and wait for the next edit. */
  public Decision invalid(SegmentationTrainingJob job, List<FieldError> errors, Instant now) {
    SegmentationTrainingJobStatus next = copy(job.getStatus());
    next.observedGeneration = job.getMetadata().getGeneration();
    if (next.phase == null) {
      next.phase = Phase.Pending;
    }
    List<JobEvent> events = SpecConditions.invalid(next.conditions, SpecConditions.describe(errors), next.observedGeneration, now)
        .stream().toList();
    return new Decision(next, false, List.of(), Optional.empty(), List.of(), events, Optional.empty(), false);
  }

  public Decision decide(Input in) {
    Step step = new Step(in);
    step.validity();
    if (step.next.phaseOrPending().finished()) {
      step.finished();
    } else if (in.gang().active()) {
      step.activeAttempt();
    } else {
      step.betweenAttempts();
    }
    return step.decision();
  }

  /** One decision being made; collects the next status, actions and events. */
  private final class Step {
    final Input in;
    final SegmentationTrainingJobSpec spec;
    final GangView gang;
    final Instant now;
    final SegmentationTrainingJobStatus previous;
    final SegmentationTrainingJobStatus next;
    final List<JobEvent> events = new ArrayList<>();
    final List<Pod> deletions = new ArrayList<>();
    Optional<AttemptPlan> launch = Optional.empty();
    List<Integer> workersToCreate = List.of();
    boolean statusFirst;
    boolean deleteJob;
    Duration requeue;

    Step(Input in) {
      this.in = in;
      this.spec = in.spec();
      this.gang = in.gang();
      this.now = in.now();
      this.previous = in.job().getStatus() == null ? new SegmentationTrainingJobStatus() : in.job().getStatus();
      this.next = copy(previous);
      next.observedGeneration = in.job().getMetadata().getGeneration();
      if (next.phase == null) {
        next.phase = Phase.Pending;
      }
      if (gang.attempt() > 0) {
        next.attempt = gang.attempt();
      }
      next.tpu = describeTpu(provisioning());
    }

    Decision decision() {
      return new Decision(next, statusFirst, deletions, launch, workersToCreate, events, Optional.ofNullable(requeue), deleteJob);
    }

    void requeueIn(Duration wait) {
      Duration bounded = wait.isNegative() ? Duration.ZERO : wait;
      if (requeue == null || bounded.compareTo(requeue) < 0) {
        requeue = bounded;
      }
    }

    void requeueAt(Instant when) {
      requeueIn(Duration.between(now, when));
    }

    /** The provisioning of the next (or current) attempt: on-demand after a fallback. */
    Provisioning provisioning() {
      return next.provisioning != null ? next.provisioning : spec.tpu.provisioning;
    }

    String describeTpu(Provisioning provisioning) {
      return spec.tpu.generation.value() + " " + spec.tpu.topology + " " + provisioning.value();
    }

    // ---- validity and spec changes ----------------------------------------------------------------

    void validity() {
      events.addAll(SpecConditions.apply(in.verdict(), next.conditions, next.observedGeneration, now));
    }

    // ---- finished jobs -----------------------------------------------------------------------------

    void finished() {
      for (Pod pod : gang.allPods()) {
        if (pod.getMetadata().getDeletionTimestamp() == null && !terminated(pod)) {
          deletions.add(pod);
        }
      }
      Integer ttl = spec.ttlSecondsAfterFinished;
      Instant completed = Timestamps.parseOrNull(next.completionTime);
      if (ttl != null && completed != null) {
        Instant expiry = completed.plusSeconds(ttl);
        if (!now.isBefore(expiry)) {
          deleteJob = true;
        } else {
          requeueAt(expiry);
        }
      }
    }

    // ---- an attempt is active ---------------------------------------------------------------------

    void activeAttempt() {
      Optional<GangEnding> ending = gang.ending();
      if (ending.isPresent()) {
        // The last report (from the ended trainer's termination message when it left one) is recorded
        // with the ending: after it, no report of this attempt is read.
        in.report().ifPresent(report -> events.addAll(ProgressRecorder.record(report, gang.attempt(), next)));
        recordEnding(ending.get());
        return;
      }
      Optional<Stop> stop = stop();
      if (stop.isPresent()) {
        stopAttempt(stop.get());
        return;
      }
      keepGoing();
    }

    /** The gang is complete or forming: create what is missing, follow its progress. */
    void keepGoing() {
      for (Pod leftover : gang.leftoversToDelete()) {
        deletions.add(leftover);
      }
      if (!gang.launched()) {
        List<Integer> missing = gang.missingWorkers();
        if (!missing.isEmpty()) {
          launch = Optional.of(plan(gang.attempt(), provisioning(),
              next.checkpointInterval != null ? next.checkpointInterval : checkpointInterval(provisioning())));
          workersToCreate = missing;
        }
        next.launchedAttempt = gang.attempt();
      }
      int hosts = gang.workers().size();
      if (gang.allPlaced()) {
        if (Conditions.set(next.conditions, Conditions.SCHEDULED, true, "AllWorkersPlaced",
            "attempt " + gang.attempt() + ": all " + hosts + " workers placed on " + next.tpu + " nodes", next.observedGeneration, now)) {
          events.add(JobEvent.normal(JobEvents.SCHEDULED,
              "attempt " + gang.attempt() + ": all " + hosts + " workers placed on " + next.tpu + " nodes"));
        }
      }
      if (gang.allRunning()) {
        next.phase = Phase.Running;
        if (Conditions.set(next.conditions, Conditions.RUNNING, true, "TrainerRunning",
            "attempt " + gang.attempt() + ": " + hosts + " trainers running", next.observedGeneration, now)) {
          events.add(JobEvent.normal(JobEvents.STARTED, "attempt " + gang.attempt() + ": " + hosts + " trainers running"));
        }
        requeueIn(policy.progressInterval());
      } else {
        next.phase = Phase.Scheduling;
      }
      gang.nextCheckAt().ifPresent(this::requeueAt);
      in.report().ifPresent(report -> events.addAll(ProgressRecorder.record(report, gang.attempt(), next)));
      budgetWarning();
      deadlineTimer();
    }

    /** Records how the active attempt ended, counts it, and tears its gang down. */
    void recordEnding(GangEnding ending) {
      PodEnding cause = ending.cause();
      endAttempt(cause.kind(), cause.reason(), cause.message(), ending.worker());
      switch (cause.kind()) {
        case SUCCEEDED -> succeed(cause.message());
        case CONFIGURATION_FAILED -> fail(cause.reason(), cause.message());
        case PREEMPTED -> preempted(cause);
        case RETRYABLE_EXIT -> {
          next.phase = Phase.Restarting;
          events.add(JobEvent.normal(JobEvents.RETRYABLE_EXIT, "attempt " + gang.attempt() + ": " + cause.message()
              + "; restarting from the latest checkpoint" + checkpointNote()));
        }
        case TRAINER_FAILED -> trainerFailed(cause);
        case STOPPED -> next.phase = Phase.Restarting;
      }
      if (deletions.isEmpty() && !next.phaseOrPending().finished()) {
        requeueIn(Duration.ZERO);
      }
    }

    void preempted(PodEnding cause) {
      next.preemptions = next.preemptionsOrZero() + 1;
      events.add(JobEvent.warning(JobEvents.PREEMPTED, "attempt " + gang.attempt() + " lost its gang: " + cause.message()
          + " (preemption " + next.preemptions + "; not counted as a failure)"));
      Integer max = spec.preemption == null ? null : spec.preemption.maxPreemptions;
      if (max != null && next.preemptions > max) {
        fail("TooManyPreemptions", next.preemptions + " preemptions exceed spec.preemption.maxPreemptions (" + max
            + "); the last: " + cause.message() + ". Raise maxPreemptions, set fallbackToOnDemandAfter, or use on-demand capacity");
        return;
      }
      Integer fallback = spec.preemption == null ? null : spec.preemption.fallbackToOnDemandAfter;
      Provisioning current = provisioning();
      if (fallback != null && current.reclaimable() && next.preemptions >= fallback) {
        next.provisioning = Provisioning.ON_DEMAND;
        next.tpu = describeTpu(Provisioning.ON_DEMAND);
        events.add(JobEvent.normal(JobEvents.FALLBACK_TO_ON_DEMAND, "after " + next.preemptions + " preemptions "
            + "(spec.preemption.fallbackToOnDemandAfter=" + fallback + ") the next attempts run on on-demand capacity instead of "
            + current.value()));
      }
      next.phase = Phase.Restarting;
    }

    void trainerFailed(PodEnding cause) {
      next.failures = next.failuresOrZero() + 1;
      int limit = spec.failurePolicy == null ? 3 : spec.failurePolicy.backoffLimitOrDefault();
      if (next.failures > limit) {
        fail("BackoffLimitExceeded", next.failures + " trainer failures exceed spec.failurePolicy.backoffLimit (" + limit
            + "); the last: " + cause.message());
        return;
      }
      Duration wait = policy.backoff(next.failures);
      next.phase = Phase.Restarting;
      events.add(JobEvent.warning(JobEvents.TRAINER_FAILED, "attempt " + gang.attempt() + " failed: " + cause.message()
          + " (failure " + next.failures + " of " + limit + " allowed); restarting in " + wait.toSeconds() + " s"));
      requeueIn(wait);
    }

    /** Suspend, Kueue, budget or deadline: the operator ends the attempt itself, gracefully. */
    void stopAttempt(Stop stop) {
      endAttempt(EndingKind.STOPPED, stop.reason(), stop.message(), -1);
      if (stop.fatal()) {
        fail(stop.reason(), stop.message());
      } else {
        suspend(stop);
      }
    }

    /**
     * Common part of every ending: recorded once (endedAttempt), written before any pod is deleted,
     * and every pod of the attempt asked to stop (with its grace period, so trainers checkpoint).
     */
    void endAttempt(EndingKind kind, String reason, String message, int worker) {
      next.endedAttempt = gang.attempt();
      AttemptEndingStatus ending = new AttemptEndingStatus();
      ending.attempt = gang.attempt();
      ending.kind = kind.value();
      ending.reason = reason;
      ending.message = message;
      ending.worker = worker >= 0 ? worker : null;
      ending.time = now.toString();
      next.lastEnding = ending;
      statusFirst = true;
      Conditions.set(next.conditions, Conditions.RUNNING, false, kind.value(),
          "attempt " + gang.attempt() + " ended: " + message, next.observedGeneration, now);
      Conditions.set(next.conditions, Conditions.SCHEDULED, false, kind.value(),
          "attempt " + gang.attempt() + " ended", next.observedGeneration, now);
      if (kind != EndingKind.SUCCEEDED) {
        for (Pod pod : gang.allPods()) {
          if (pod.getMetadata().getDeletionTimestamp() == null) {
            deletions.add(pod);
          }
        }
      }
    }

    void succeed(String message) {
      next.phase = Phase.Succeeded;
      next.completionTime = now.toString();
      Conditions.set(next.conditions, Conditions.SUCCEEDED, true, "AllWorkersSucceeded", message, next.observedGeneration, now);
      events.add(JobEvent.normal(JobEvents.SUCCEEDED, message + " after " + gang.attempt() + " attempt(s), "
          + next.preemptionsOrZero() + " preemption(s), " + next.failuresOrZero() + " failure(s)"));
      finished();
    }

    void fail(String reason, String message) {
      next.phase = Phase.Failed;
      next.completionTime = now.toString();
      Conditions.set(next.conditions, Conditions.FAILED, true, reason, message, next.observedGeneration, now);
      events.add(JobEvent.warning(JobEvents.FAILED, reason + ": " + message));
      statusFirst = true;
      for (Pod pod : gang.allPods()) {
        if (pod.getMetadata().getDeletionTimestamp() == null && !terminated(pod) && !deletions.contains(pod)) {
          deletions.add(pod);
        }
      }
      requeue = null;
      finished();
    }

    // ---- no attempt is active ---------------------------------------------------------------------

    void betweenAttempts() {
      Optional<Stop> stop = stop();
      if (stop.isPresent() && stop.get().fatal() && next.startTime != null) {
        fail(stop.get().reason(), stop.get().message());
        return;
      }
      List<Pod> leftovers = gang.leftoversToDelete();
      deletions.addAll(leftovers);
      if (stop.isPresent() && !stop.get().fatal()) {
        suspend(stop.get());
        return;
      }
      if (!gang.leftovers().isEmpty()) {
        // Fencing: the next attempt's pods are created only once every pod of the previous one is gone.
        if (next.phase != Phase.Pending) {
          next.phase = Phase.Restarting;
        }
        deadlineTimer();
        return;
      }
      Instant restartAt = restartAt();
      if (restartAt != null && now.isBefore(restartAt)) {
        next.phase = Phase.Restarting;
        requeueAt(restartAt);
        deadlineTimer();
        return;
      }
      if (previous.phase == Phase.Suspended) {
        Conditions.set(next.conditions, Conditions.SUSPENDED, false, "Resumed", "the job runs again", next.observedGeneration, now);
        events.add(JobEvent.normal(JobEvents.RESUMED, "resuming from the latest checkpoint" + checkpointNote()));
      }
      startAttempt();
    }

    /** After a trainer failure: when the backoff ends. */
    Instant restartAt() {
      AttemptEndingStatus last = next.lastEnding;
      if (last == null || !EndingKind.TRAINER_FAILED.value().equals(last.kind)) {
        return null;
      }
      Instant ended = Timestamps.parseOrNull(last.time);
      return ended == null ? null : ended.plus(policy.backoff(next.failuresOrZero()));
    }

    void startAttempt() {
      int attempt = gang.attempt() + 1;
      Provisioning provisioning = provisioning();
      String interval = checkpointInterval(provisioning);
      AttemptPlan plan = plan(attempt, provisioning, interval);
      launch = Optional.of(plan);
      workersToCreate = IntStream.range(0, in.slice().hosts()).boxed().toList();
      next.attempt = attempt;
      next.launchedAttempt = attempt;
      next.provisioning = provisioning;
      next.tpu = describeTpu(provisioning);
      next.checkpointInterval = interval;
      next.attemptStartTime = now.toString();
      if (next.startTime == null) {
        next.startTime = now.toString();
      }
      if (next.acceptedSpec == null) {
        next.acceptedSpec = in.verdict().acceptedJson();
      }
      next.restoredFromStep = null;
      next.throughput = null;  // the previous attempt's rate; the new one reports its own once it trains
      next.phase = Phase.Scheduling;
      Conditions.set(next.conditions, Conditions.SCHEDULED, false, "WaitingForNodes",
          "attempt " + attempt + ": waiting for " + in.slice().hosts() + " " + next.tpu + " host(s)", next.observedGeneration, now);
      Conditions.set(next.conditions, Conditions.RUNNING, false, "Starting",
          "attempt " + attempt + " is starting", next.observedGeneration, now);
      if (attempt > 1) {
        AttemptEndingStatus last = next.lastEnding;
        String after = last == null ? "" : " after " + last.kind + " (" + last.reason + ")";
        events.add(JobEvent.normal(JobEvents.RESTARTED, "attempt " + attempt + " started on " + next.tpu + after
            + "; resuming from the latest checkpoint" + checkpointNote()));
      }
      deadlineTimer();
    }

    void suspend(Stop stop) {
      boolean wasSuspended = previous.phase == Phase.Suspended
          && Conditions.find(previous.conditions, Conditions.SUSPENDED).map(c -> stop.reason().equals(c.getReason())).orElse(false);
      next.phase = Phase.Suspended;
      String waiting = gang.allPods().isEmpty() ? "" : "; waiting for the worker pods to checkpoint and exit";
      Conditions.set(next.conditions, Conditions.SUSPENDED, true, stop.reason(), stop.message() + waiting, next.observedGeneration, now);
      if (!wasSuspended) {
        events.add("BudgetExceeded".equals(stop.reason())
            ? JobEvent.warning(JobEvents.BUDGET_EXCEEDED, stop.message())
            : JobEvent.normal(JobEvents.SUSPENDED, stop.message()));
      }
      deadlineTimer();
    }

    /** Why the gang must not run now, if it must not. */
    Optional<Stop> stop() {
      return stopRules.stop(in.job(), spec, next, now);
    }

    void budgetWarning() {
      Double max = spec.budget == null ? null : spec.budget.maxCostUSD;
      Double spent = next.cost == null ? null : next.cost.soFarUSD;
      if (max == null || spent == null) {
        return;
      }
      boolean warn = StopRules.budgetVerdict(spec, next) != BudgetVerdict.OK;
      String message = String.format(Locale.ROOT, "spent %s USD of %s USD (%.0f%%)", StopRules.usd(spent), StopRules.usd(max),
          100 * spent / max);
      boolean flipped = Conditions.set(next.conditions, Conditions.BUDGET_WARNING, warn, warn ? "Above80Percent" : "Below80Percent",
          message, next.observedGeneration, now);
      if (warn && flipped) {
        events.add(JobEvent.warning(JobEvents.BUDGET_WARNING, message + "; the job stops at 100%"));
      }
    }

    void deadlineTimer() {
      StopRules.deadline(spec, next).ifPresent(this::requeueAt);
    }

    // ---- helpers ----------------------------------------------------------------------------------

    AttemptPlan plan(int attempt, Provisioning provisioning, String interval) {
      return new AttemptPlan(in.job(), spec, in.slice(), attempt, provisioning, interval);
    }

    String checkpointInterval(Provisioning provisioning) {
      return intervals.forAttempt(in.job(), spec, provisioning, now);
    }

    String checkpointNote() {
      return next.lastCheckpoint == null || next.lastCheckpoint.step == null ? ""
          // the trainer's SIGTERM checkpoint may be newer than its last report; CheckpointRestored tells
          : " (step " + next.lastCheckpoint.step + " or newer)";
    }
  }

  static boolean terminated(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  SegmentationTrainingJobStatus copy(SegmentationTrainingJobStatus status) {
    SegmentationTrainingJobStatus source = status == null ? new SegmentationTrainingJobStatus() : status;
    SegmentationTrainingJobStatus copy = serialization.clone(source);
    if (copy.conditions == null) {
      copy.conditions = new ArrayList<>();
    }
    return copy;
  }
}
