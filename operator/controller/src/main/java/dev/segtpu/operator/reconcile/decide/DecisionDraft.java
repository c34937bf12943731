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
 * One decision being made: the next status, the pod actions and the events collected so far, with the
 * rules every part of the decide step shares (when to look again, the provisioning in force, finishing,
 * failing, suspending). {@link GangDecider} fills it; {@link AttemptEndings} records how an attempt ended.
 */
final class DecisionDraft {

  final GangDecider.Input in;
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

  String checkpointNote() {
    return next.lastCheckpoint == null || next.lastCheckpoint.step == null ? ""
        // the trainer's SIGTERM checkpoint may be newer than its last report; CheckpointRestored tells
        : " (step " + next.lastCheckpoint.step + " or newer)";
  }

  /** Look again when spec.activeDeadlineSeconds runs out. */
  void deadlineTimer() {
    StopRules.deadline(spec, next).ifPresent(this::requeueAt);
  }

  /** A finished job: its pods that still run are stopped; the TTL after finishing deletes the job. */
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

  /** The job fails for good: recorded before its running pods are deleted. */
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
