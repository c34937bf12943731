package dev.segtpu.operator.reconcile.decide;

import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.operator.status.JobEvent;
import dev.segtpu.operator.workload.AttemptPlan;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one reconciliation does. Carried out in this order: the status first when {@code statusFirst}
 * (an attempt's ending is recorded before its pods are touched, so a crash in between cannot count it
 * twice or mistake our own deletions for a preemption), pod deletions, pod creations, the status
 * otherwise (after creating pods, so the launched attempt is only recorded once its pods exist), then
 * events.
 *
 * @param launch the attempt whose workers {@code workersToCreate} are created
 * @param requeueAfter when to look again although nothing changes (backoff, deadline, TTL, progress)
 * @param deleteJob the TTL after finishing has passed: delete the job
 */
public record Decision(
    SegmentationTrainingJobStatus status,
    boolean statusFirst,
    List<Pod> podsToDelete,
    Optional<AttemptPlan> launch,
    List<Integer> workersToCreate,
    List<JobEvent> events,
    Optional<Duration> requeueAfter,
    boolean deleteJob) {

  public Decision {
    podsToDelete = List.copyOf(podsToDelete);
    workersToCreate = List.copyOf(workersToCreate);
    events = List.copyOf(events);
  }
}
