package dev.segtpu.operator.reconcile.decide;

import dev.segtpu.api.Phase;
import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.operator.gang.GangView;
import dev.segtpu.operator.reconcile.decide.StopRules.Stop;
import dev.segtpu.operator.status.Conditions;
import dev.segtpu.operator.status.JobEvent;
import dev.segtpu.operator.status.JobEvents;
import dev.segtpu.operator.status.Timestamps;
import dev.segtpu.operator.workload.AttemptPlan;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One decision being made, private to the decide step: the next status, the pod actions, the events
 * and the timers collected so far, with the rules every part of the decide step shares (the provisioning
 * in force, failing, suspending). {@link GangDecider} fills it, {@link AttemptEndings} records how an
 * attempt ended, and {@link #decision} freezes it.
 *
 * <p>Nothing here depends on the order the rules ran in: timers only ever add a candidate (the earliest
 * wins), deletions only ever add a pod, and what a finished job does (its running pods stopped, the TTL
 * as its only timer) is resolved once, when the draft is frozen.
 */
final class DecisionDraft {

  final GangDecider.Input in;
  final SegmentationTrainingJobSpec spec;
  final GangView gang;
  final Instant now;
  final SegmentationTrainingJobStatus previous;
  final SegmentationTrainingJobStatus next;
  final List<JobEvent> events = new ArrayList<>();
  private final List<Pod> deletions = new ArrayList<>();
  Optional<AttemptPlan> launch = Optional.empty();
  List<Integer> workersToCreate = List.of();
  boolean statusFirst;
  private Duration earliestTimer;

  DecisionDraft(GangDecider.Input in, SegmentationTrainingJobStatus next) {
    this.in = in;
    this.spec = in.spec();
    this.gang = in.gang();
    this.now = in.now();
    this.previous = in.job().getStatus() == null ? new SegmentationTrainingJobStatus() : in.job().getStatus();
    this.next = next;
    next.observedGeneration = in.job().getMetadata().getGeneration();
    if (next.phase == null) {
      next.phase = Phase.Pending;
    }
    if (gang.attempt() > 0) {
      next.attempt = gang.attempt();
    }
    next.tpu = describeTpu(provisioning());
  }

  /**
   * The decision, its status to be written as {@code write} says. A finished job stops its pods that still run and looks again only when its TTL
   * after finishing runs out; past it, the job is deleted.
   */
  Decision decision(StatusWrite write) {
    Optional<Duration> requeue = Optional.ofNullable(earliestTimer);
    boolean deleteJob = false;
    if (next.phaseOrPending().finished()) {
      for (Pod pod : gang.allPods()) {
        if (pod.getMetadata().getDeletionTimestamp() == null && !terminated(pod)) {
          delete(pod);
        }
      }
      requeue = Optional.empty();
      Integer ttl = spec.ttlSecondsAfterFinished;
      Instant completed = Timestamps.parseOrNull(next.completionTime);
      if (ttl != null && completed != null) {
        Instant expiry = completed.plusSeconds(ttl);
        if (!now.isBefore(expiry)) {
          deleteJob = true;
        } else {
          requeue = Optional.of(untilThen(expiry));
        }
      }
    }
    return new Decision(next, write, statusFirst, deletions, launch, workersToCreate, events, requeue, deleteJob);
  }

  /** Asks for the pod's deletion (once, however many rules ask). */
  void delete(Pod pod) {
    if (!deletions.contains(pod)) {
      deletions.add(pod);
    }
  }

  boolean deletesNothing() {
    return deletions.isEmpty();
  }

  void requeueIn(Duration wait) {
    Duration bounded = wait.isNegative() ? Duration.ZERO : wait;
    if (earliestTimer == null || bounded.compareTo(earliestTimer) < 0) {
      earliestTimer = bounded;
    }
  }

  void requeueAt(Instant when) {
    requeueIn(Duration.between(now, when));
  }

  private Duration untilThen(Instant when) {
    Duration wait = Duration.between(now, when);
    return wait.isNegative() ? Duration.ZERO : wait;
  }

  /** The provisioning of the next (or current) attempt: on-demand after a fallback. */
  Provisioning provisioning() {
    return next.provisioning != null ? next.provisioning : spec.tpu.provisioning;
  }

  /** {@code v5e 2x4 spot}, or {@code 2 × v5e 2x4 spot} for a job of two slices: status.tpu and the TPU column. */
  String describeTpu(Provisioning provisioning) {
    return in.slices().describe(provisioning);
  }

  String checkpointNote() {
    return next.lastCheckpoint == null || next.lastCheckpoint.step == null ? ""
        // the trainer's SIGTERM checkpoint may be newer than its last report; CheckpointRestored tells
        : " (step " + next.lastCheckpoint.step + " or newer)";
  }

  /** Look again when spec.activeDeadlineSeconds runs out. */
  void deadlineTimer() {
    StopRules.deadline(spec, next).ifPresent(this::requeueAt);
  }

  /**
   * The job fails for good: recorded before its running pods are deleted (which, as for every finished
   * job, {@link #decision} asks for).
   */
  void fail(String reason, String message) {
    next.phase = Phase.Failed;
    next.completionTime = now.toString();
    Conditions.set(next.conditions, Conditions.FAILED, true, reason, message, next.observedGeneration, now);
    events.add(JobEvent.warning(JobEvents.FAILED, reason + ": " + message));
    statusFirst = true;
  }

  /** Suspended (spec, Kueue, budget): the gang, if any, checkpoints and exits; an Event when this is new. */
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

  static boolean terminated(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }
}
