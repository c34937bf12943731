package dev.segtpu.operator.gang;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.Optional;

/**
 * One worker of the current attempt as observed.
 *
 * @param worker index 0..hosts-1
 * @param pod the pod, or null when it does not exist
 * @param state where the worker is
 * @param ending why it ended, when {@code state} is ENDED
 * @param unschedulableSince when the scheduler started reporting it unschedulable, or null
 */
public record WorkerState(int worker, Pod pod, State state, PodEnding ending, Instant unschedulableSince) {

  public enum State {
    /** No pod for this worker. */
    MISSING,
    /** Pod exists, not yet bound to a node. */
    WAITING,
    /** Bound to a TPU node, trainer not running yet. */
    SCHEDULED,
    /** The trainer container runs. */
    RUNNING,
    /** The pod ended (see ending; SUCCEEDED included). */
    ENDED
  }

  public static WorkerState missing(int worker) {
    return new WorkerState(worker, null, State.MISSING, null, null);
  }

  public Optional<PodEnding> endingIfAny() {
    return Optional.ofNullable(ending);
  }

  public boolean succeeded() {
    return state == State.ENDED && ending.kind() == EndingKind.SUCCEEDED;
  }

  /** Holds (or held) its TPU node: scheduled, running or finished successfully. */
  public boolean placed() {
    return state == State.SCHEDULED || state == State.RUNNING || succeeded();
  }

  public String podIp() {
    return pod == null || pod.getStatus() == null ? null : pod.getStatus().getPodIP();
  }

  /** What the trainer container left in its termination message, once it exited (docs/trainer-contract.md). */
  public Optional<String> terminationMessage() {
    if (pod == null || pod.getStatus() == null) {
      return Optional.empty();
    }
    return PodEndingClassifier.trainerStatus(pod.getStatus())
        .filter(c -> c.getState() != null && c.getState().getTerminated() != null)
        .map(c -> c.getState().getTerminated().getMessage())
        .filter(m -> !m.isBlank());
  }
}
