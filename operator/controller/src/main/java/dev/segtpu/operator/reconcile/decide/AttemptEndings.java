package dev.segtpu.operator.reconcile.decide;

import dev.segtpu.api.FailurePolicySpec;
import dev.segtpu.api.Phase;
import dev.segtpu.api.Provisioning;
import dev.segtpu.api.ProvisioningLadder;
import dev.segtpu.api.RungStatus;
import dev.segtpu.api.SegmentationTrainingJobStatus.AttemptEndingStatus;
import dev.segtpu.contract.StatusDocument;
import dev.segtpu.operator.gang.EndingKind;
import dev.segtpu.operator.gang.GangEnding;
import dev.segtpu.operator.gang.PodEnding;
import dev.segtpu.operator.hang.HangDetector;
import dev.segtpu.operator.reconcile.decide.StopRules.Stop;
import dev.segtpu.operator.status.Conditions;
import dev.segtpu.operator.status.JobEvent;
import dev.segtpu.operator.status.JobEvents;
import dev.segtpu.tpu.PriceTable;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How the end of an attempt is recorded: once, in the status before any of its pods is touched,
 * counted by kind (preemptions apart from trainer failures), and what follows from it: success,
 * failure, a restart after the backoff, a move up the provisioning ladder, suspension.
 */
final class AttemptEndings {

  private final LifecyclePolicy policy;
  private final Optional<PriceTable> prices;

  /** @param prices what a rung of the provisioning ladder costs, for the budget check before moving onto it */
  AttemptEndings(LifecyclePolicy policy, Optional<PriceTable> prices) {
    this.policy = policy;
    this.prices = prices;
  }

  /**
   * Records how the active attempt ended, counts it, and tears its gang down: every slice's, since the
   * slices of a job start and end together.
   */
  void record(DecisionDraft d, GangEnding ending) {
    PodEnding cause = SliceEnding.name(ending, d.in.slices());
    endAttempt(d, cause.kind(), cause.reason(), cause.message(), ending.worker());
    switch (cause.kind()) {
      case SUCCEEDED -> succeed(d, cause.message());
      case CONFIGURATION_FAILED -> d.fail(cause.reason(), cause.message());
      case PREEMPTED -> preempted(d, cause);
      case NO_CAPACITY -> {
        d.next.phase = Phase.Restarting;
        ProvisioningLadder ladder = ProvisioningLadder.of(d.spec);
        int index = rungIndex(d);
        ladder.next(index).ifPresent(next -> climb(d, ladder, index + 1, next.provisioning(), cause.message()
            + " (spec.provisioningLadder[" + index + "].afterUnschedulableSeconds=" + next.afterUnschedulableSeconds() + ")"));
      }
      case RETRYABLE_EXIT -> {
        d.next.phase = Phase.Restarting;
        d.events.add(JobEvent.normal(JobEvents.RETRYABLE_EXIT, "attempt " + d.gang.attempt() + ": " + cause.message()
            + "; restarting from the latest checkpoint" + d.checkpointNote()));
      }
      case TRAINER_FAILED -> trainerFailed(d, cause);
      case STOPPED -> d.next.phase = Phase.Restarting;
    }
    if (d.deletesNothing() && !d.next.phaseOrPending().finished()) {
      d.requeueIn(Duration.ZERO);
    }
  }

  /** Suspend, Kueue, budget or deadline: the operator ends the attempt itself, gracefully. */
  void stop(DecisionDraft d, Stop stop) {
    endAttempt(d, EndingKind.STOPPED, stop.reason(), stop.message(), -1);
    if (stop.fatal()) {
      d.fail(stop.reason(), stop.message());
    } else {
      d.suspend(stop);
    }
  }

  /**
   * The trainer's step counter stood still past the bound (spec.failurePolicy.hangDetection): the operator
   * ends the attempt itself, as a trainer failure (counted against the backoff limit, restarted after the
   * backoff from the latest checkpoint, never a preemption), with a Hung event and condition. The pods are
   * asked to stop with their grace period; a hung trainer that cannot checkpoint is killed at its end.
   */
  void hung(DecisionDraft d, HangDetector.Hang hang) {
    String message = String.format(Locale.ROOT, "the step counter stood at %d for %s s while training, past the bound of %s s "
        + "(spec.failurePolicy.hangDetection: the larger of stepTimeMultiple x the trainer's step time and minimumSeconds)",
        hang.step(), seconds(hang.stalled()), seconds(hang.bound()));
    d.next.hangs = d.next.hangsOrZero() + 1;
    endAttempt(d, EndingKind.TRAINER_FAILED, HangDetector.REASON, message, -1);
    Conditions.set(d.next.conditions, Conditions.HUNG, true, "StepCounterStalled", "attempt " + d.gang.attempt() + ": " + message,
        d.next.observedGeneration, d.now);
    d.events.add(JobEvent.warning(JobEvents.HUNG, "attempt " + d.gang.attempt() + ": " + message
        + "; restarting the gang from the latest checkpoint" + d.checkpointNote()));
    trainerFailed(d, PodEnding.of(EndingKind.TRAINER_FAILED, HangDetector.REASON, "hung: " + message));
  }

  private static String seconds(Duration duration) {
    double seconds = duration.toMillis() / 1000.0;
    return seconds == Math.rint(seconds) ? String.valueOf((long) seconds) : String.format(Locale.ROOT, "%.1f", seconds);
  }

  /**
   * Common part of every ending: recorded once (endedAttempt), written before any pod is deleted,
   * and every pod of the attempt asked to stop (with its grace period, so trainers checkpoint).
   */
  private void endAttempt(DecisionDraft d, EndingKind kind, String reason, String message, int worker) {
    d.next.endedAttempt = d.gang.attempt();
    AttemptEndingStatus ending = new AttemptEndingStatus();
    ending.attempt = d.gang.attempt();
    ending.kind = kind.value();
    ending.reason = reason;
    ending.message = message;
    ending.worker = worker >= 0 ? worker : null;
    ending.time = d.now.toString();
    d.next.lastEnding = ending;
    d.statusFirst = true;
    Conditions.set(d.next.conditions, Conditions.RUNNING, false, kind.value(),
        "attempt " + d.gang.attempt() + " ended: " + message, d.next.observedGeneration, d.now);
    Conditions.set(d.next.conditions, Conditions.SCHEDULED, false, kind.value(),
        "attempt " + d.gang.attempt() + " ended", d.next.observedGeneration, d.now);
    if (kind != EndingKind.SUCCEEDED) {
      for (Pod pod : d.gang.allPods()) {
        if (pod.getMetadata().getDeletionTimestamp() == null) {
          d.delete(pod);
        }
      }
    }
  }

  /**
   * Every worker exited 0. A trainer whose final report says it stopped early (spec.training.earlyStopping)
   * succeeded with reason EarlyStopped, and what that saved against the planned steps is recorded.
   */
  private void succeed(DecisionDraft d, String message) {
    d.next.phase = Phase.Succeeded;
    d.next.completionTime = d.now.toString();
    Optional<StatusDocument> early = d.in.report().filter(r -> Boolean.TRUE.equals(r.earlyStopped()) && r.step() != null);
    String reason = "AllWorkersSucceeded";
    String text = message;
    if (early.isPresent()) {
      long planned = d.spec.training.totalSteps(d.spec.dataset == null ? null : d.spec.dataset.trainExamples);
      d.next.earlyStop = EarlyStopSavings.of(early.get().step(), planned, d.previous);
      reason = EARLY_STOPPED;
      String best = d.next.bestCheckpoint == null ? "" : "; best " + d.next.bestCheckpoint.metric + " "
          + String.format(Locale.ROOT, "%.4f", d.next.bestCheckpoint.value) + " at step " + d.next.bestCheckpoint.step + " (exported)";
      text = "stopped early at step " + early.get().step() + ": spec.training.earlyStopping.metric "
          + d.spec.training.earlyStopping.metric + " stopped improving" + best + "; " + EarlyStopSavings.describe(d.next.earlyStop);
    }
    Conditions.set(d.next.conditions, Conditions.SUCCEEDED, true, reason, text, d.next.observedGeneration, d.now);
    d.events.add(JobEvent.normal(JobEvents.SUCCEEDED, text + " after " + d.gang.attempt() + " attempt(s), "
        + d.next.preemptionsOrZero() + " preemption(s), " + d.next.failuresOrZero() + " failure(s)"));
  }

  /** The Succeeded condition's reason for a job that stopped early. */
  static final String EARLY_STOPPED = "EarlyStopped";

  private void preempted(DecisionDraft d, PodEnding cause) {
    d.next.preemptions = d.next.preemptionsOrZero() + 1;
    d.events.add(JobEvent.warning(JobEvents.PREEMPTED, "attempt " + d.gang.attempt() + " lost its gang: " + cause.message()
        + " (preemption " + d.next.preemptions + "; not counted as a failure)"));
    Integer max = d.spec.preemption == null ? null : d.spec.preemption.maxPreemptions;
    if (max != null && d.next.preemptions > max) {
      d.fail("TooManyPreemptions", d.next.preemptions + " preemptions exceed spec.preemption.maxPreemptions (" + max
          + "); the last: " + cause.message() + ". Raise maxPreemptions, set fallbackToOnDemandAfter, or use on-demand capacity");
      return;
    }
    d.next.phase = Phase.Restarting;
    ProvisioningLadder ladder = ProvisioningLadder.of(d.spec);
    int index = rungIndex(d);
    int onRung = d.next.preemptions - (d.next.rung == null ? 0 : d.next.rung.preemptionsAtEntryOrZero());
    ladder.next(index).filter(next -> next.afterPreemptions() != null && onRung >= next.afterPreemptions())
        .ifPresent(next -> climb(d, ladder, index + 1, next.provisioning(), onRung + " preemptions on " + d.provisioning().value()
            + " capacity (" + (d.spec.provisioningLadder == null || d.spec.provisioningLadder.isEmpty()
                ? "spec.preemption.fallbackToOnDemandAfter=" : "spec.provisioningLadder[" + index + "].afterPreemptions=")
            + next.afterPreemptions() + ")"));
  }

  private static int rungIndex(DecisionDraft d) {
    return d.next.rung == null ? 0 : d.next.rung.indexOrZero();
  }

  /**
   * Moves the job onto rung {@code index} for its next attempts, unless the remaining training on that
   * capacity would certainly exceed spec.budget: then the job fails with reason BudgetExceeded instead (the
   * remaining cost is the status's projection at the current rung, repriced; unknown until throughput is
   * measured, when the move goes ahead). The job never moves back to a cheaper rung.
   */
  private void climb(DecisionDraft d, ProvisioningLadder ladder, int index, Provisioning target, String why) {
    Provisioning current = d.provisioning();
    OptionalDouble total = projectedTotal(d, current, target);
    Double budget = d.spec.budget == null ? null : d.spec.budget.maxCostUSD;
    if (budget != null && total.isPresent() && total.getAsDouble() > budget) {
      d.fail("BudgetExceeded", String.format(Locale.ROOT, "moving from %s to %s capacity after %s would bring the job to about "
          + "%s USD, above spec.budget.maxCostUSD %s USD; raise the budget, or add a cheaper rung", current.value(),
          target.value(), why, StopRules.usd(total.getAsDouble()), StopRules.usd(budget)));
      return;
    }
    RungStatus rung = new RungStatus();
    rung.index = index;
    rung.of = ladder.size();
    rung.provisioning = target;
    rung.reason = why;
    rung.since = d.now.toString();
    rung.preemptionsAtEntry = d.next.preemptionsOrZero();
    d.next.rung = rung;
    d.next.provisioning = target;
    d.next.tpu = d.describeTpu(target);
    d.events.add(JobEvent.normal(JobEvents.PROVISIONING_CHANGED, "the next attempts run on " + target.value()
        + " capacity instead of " + current.value() + " (rung " + index + " of " + (ladder.size() - 1) + "): " + why));
  }

  /** Spent so far plus the remaining training repriced at {@code target}; empty while the projection is unknown. */
  private OptionalDouble projectedTotal(DecisionDraft d, Provisioning current, Provisioning target) {
    var cost = d.previous.cost;
    if (prices.isEmpty() || cost == null || cost.projectedUSD == null || cost.soFarUSD == null) {
      return OptionalDouble.empty();
    }
    double now = prices.get().perChipHour(d.spec.tpu.generation, current);
    double then = prices.get().perChipHour(d.spec.tpu.generation, target);
    if (now <= 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(cost.soFarUSD + (cost.projectedUSD - cost.soFarUSD) * then / now);
  }

  private void trainerFailed(DecisionDraft d, PodEnding cause) {
    d.next.failures = d.next.failuresOrZero() + 1;
    int limit = FailurePolicySpec.orDefaults(d.spec.failurePolicy).backoffLimitOrDefault();
    if (d.next.failures > limit) {
      d.fail("BackoffLimitExceeded", d.next.failures + " trainer failures exceed spec.failurePolicy.backoffLimit (" + limit
          + "); the last: " + cause.message());
      return;
    }
    Duration wait = policy.backoff(d.next.failures);
    d.next.phase = Phase.Restarting;
    d.events.add(JobEvent.warning(JobEvents.TRAINER_FAILED, "attempt " + d.gang.attempt() + " failed: " + cause.message()
        + " (failure " + d.next.failures + " of " + limit + " allowed); restarting in " + wait.toSeconds() + " s"));
    d.requeueIn(wait);
  }
}
