package dev.segtpu.operator.reconcile.decide;

import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.operator.status.JobEvent;
import dev.segtpu.operator.status.StatusCopy;
import dev.segtpu.operator.workload.AttemptPlan;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one reconciliation does: the output of the decide step, immutable. The status (lifecycle fields
 * and the {@link Figures}: cost, goodput) is copied in and out, so neither the act step nor anyone else
 * changes what was decided.
 *
 * <p><b>The write order</b> (the one description of it; the act step follows it, the reconciler
 * publishes after it):
 * <ol>
 *   <li>the status, first, when {@code statusFirst} and {@code statusWrite} says so: an attempt's
 *       ending is recorded before its pods are touched, so a crash in between cannot count it twice or
 *       mistake our own deletions for a preemption;</li>
 *   <li>pod deletions;</li>
 *   <li>the gang's Service and pod creations;</li>
 *   <li>the status otherwise (after creating pods, so the launched attempt is only recorded once its
 *       pods exist). When the API server refused a creation, the act step writes this status amended
 *       (attempt not launched, {@code WorkersCreated} False) and returns it as what it wrote;</li>
 *   <li>events;</li>
 *   <li>the job's deletion when its TTL after finishing has passed;</li>
 *   <li>then, and only once the writes succeeded, the job's metrics from the status as written;</li>
 *   <li>last, while the attempt runs on, its reporting worker is asked for its next report (a request
 *       to the trainer, not the API server; its answer triggers the next reconciliation).</li>
 * </ol>
 * A conflict on a status write stops the sequence: the next reconciliation decides again on the fresh job.
 *
 * @param status the next status
 * @param statusWrite whether {@code status} is written, and why ({@link StatusRefresh})
 * @param statusFirst write the status before touching any pod
 * @param launch the attempt whose workers {@code workersToCreate} are created
 * @param requeueAfter when to look again although nothing changes (backoff, deadline, TTL, progress)
 * @param deleteJob the TTL after finishing has passed: delete the job
 */
public record Decision(
    SegmentationTrainingJobStatus status,
    StatusWrite statusWrite,
    boolean statusFirst,
    List<Pod> podsToDelete,
    Optional<AttemptPlan> launch,
    List<Integer> workersToCreate,
    List<JobEvent> events,
    Optional<Duration> requeueAfter,
    boolean deleteJob) {

  public Decision {
    status = StatusCopy.of(status);
    podsToDelete = List.copyOf(podsToDelete);
    workersToCreate = List.copyOf(workersToCreate);
    events = List.copyOf(events);
  }

  /** A copy of the decided status: the caller's to change. */
  @Override
  public SegmentationTrainingJobStatus status() {
    return StatusCopy.of(status);
  }

  /** Whether the decided status ends {@code attempt} (without copying the status). */
  public boolean endsAttempt(int attempt) {
    return status.endedAttemptOrZero() >= attempt;
  }
}
