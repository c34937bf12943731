package dev.segtpu.operator.gang;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the cluster says about a job's gang, derived from its pods and its recorded attempt counters
 * only, so an operator restart sees exactly what the previous one saw.
 *
 * @param attempt the current attempt: the highest of status.attempt and any pod's attempt label
 * @param endedAttempt highest attempt whose ending is recorded; {@code attempt > endedAttempt} means
 *     the current attempt is active
 * @param launchedAttempt highest attempt whose pods were all created
 * @param workers the current attempt's workers, index order (meaningful while active)
 * @param leftovers pods that are not workers of the active attempt: they must be gone before a new
 *     attempt's pods are created (the fencing rule)
 * @param ending how the active attempt ended, once it has
 * @param nextCheckAt when an unschedulable worker reaches its timeout, if one waits
 */
public record GangView(
    int attempt,
    int endedAttempt,
    int launchedAttempt,
    List<WorkerState> workers,
    List<Pod> leftovers,
    Optional<GangEnding> ending,
    Optional<Instant> nextCheckAt) {

  public GangView {
    workers = List.copyOf(workers);
    leftovers = List.copyOf(leftovers);
  }

  /** An attempt was started and has not ended yet. */
  public boolean active() {
    return attempt > endedAttempt;
  }

  /** Every pod of the active attempt was created at some point. */
  public boolean launched() {
    return launchedAttempt >= attempt;
  }

  public List<Integer> missingWorkers() {
    return workers.stream().filter(w -> w.state() == WorkerState.State.MISSING).map(WorkerState::worker).toList();
  }

  public boolean allPlaced() {
    return !workers.isEmpty() && workers.stream().allMatch(WorkerState::placed);
  }

  public boolean allRunning() {
    return !workers.isEmpty()
        && workers.stream().allMatch(w -> w.state() == WorkerState.State.RUNNING || w.succeeded())
        && workers.stream().anyMatch(w -> w.state() == WorkerState.State.RUNNING);
  }

  /** Worker 0 while its trainer runs and has an address: the one whose /status the operator reads. */
  public Optional<WorkerState> reportingWorker() {
    return workers.stream()
        .filter(w -> w.worker() == 0 && w.state() == WorkerState.State.RUNNING && w.podIp() != null)
        .findFirst();
  }

  /** Leftover pods the operator has not yet asked to delete. */
  public List<Pod> leftoversToDelete() {
    return leftovers.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
  }

  /** Every pod of the job: the active attempt's workers and the leftovers. */
  public List<Pod> allPods() {
    List<Pod> pods = new ArrayList<>(workerPods());
    pods.addAll(leftovers);
    return pods;
  }

  /** Pods of the active attempt (all of them; used when the attempt is torn down). */
  public List<Pod> workerPods() {
    return workers.stream().map(WorkerState::pod).filter(p -> p != null).toList();
  }
}
