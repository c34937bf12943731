package dev.segtpu.operator.gang;

import dev.segtpu.api.FailurePolicySpec;
import dev.segtpu.api.ProvisioningLadder;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.contract.TrainerExit;
import dev.segtpu.operator.status.Timestamps;
import dev.segtpu.operator.workload.GangNames;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a job's pods into a {@link GangView}: which attempt is current, what each worker does, and
 * whether (and why) the gang has ended. Per-pod endings come from {@link PodEndingClassifier}; this
 * class adds what needs the whole gang or the clock: a worker pod that vanished after launch, a worker
 * that stayed unschedulable too long, and which worker's ending speaks for the gang.
 */
public final class GangObserver {

  private final PodEndingClassifier classifier;

  public GangObserver(PodEndingClassifier classifier) {
    this.classifier = classifier;
  }

  public GangView observe(SegmentationTrainingJobSpec spec, SegmentationTrainingJobStatus status, int hosts,
                          Collection<Pod> pods, Instant now) {
    int attempt = status.attemptOrZero();
    for (Pod pod : pods) {
      attempt = Math.max(attempt, attemptOf(pod));
    }
    int ended = Math.min(status.endedAttemptOrZero(), attempt);
    int launched = status.launchedAttemptOrZero();
    boolean active = attempt > ended;

    Map<Integer, Pod> current = new TreeMap<>();
    List<Pod> leftovers = new ArrayList<>();
    for (Pod pod : pods) {
      int worker = workerOf(pod);
      if (active && attemptOf(pod) == attempt && worker >= 0 && worker < hosts && !current.containsKey(worker)) {
        current.put(worker, pod);
      } else {
        leftovers.add(pod);
      }
    }
    leftovers.sort(Comparator.comparing(p -> p.getMetadata().getName()));
    if (!active) {
      return new GangView(attempt, ended, launched, List.of(), leftovers, Optional.empty(), Optional.empty());
    }

    Set<Integer> retryable = retryableExitCodes(spec);
    Duration unschedulableLimit = Duration.ofSeconds(FailurePolicySpec.orDefaults(spec.failurePolicy)
        .unschedulableTimeoutSecondsOrDefault());
    // The next rung of the provisioning ladder, when waiting for capacity is what moves the job onto it.
    Optional<ProvisioningLadder.Rung> nextRung = ProvisioningLadder.of(spec)
        .next(status.rung == null ? 0 : status.rung.indexOrZero())
        .filter(rung -> rung.afterUnschedulableSeconds() != null);
    Duration climbAfter = nextRung.map(rung -> Duration.ofSeconds(rung.afterUnschedulableSeconds())).orElse(null);
    List<WorkerState> workers = new ArrayList<>();
    Instant nextCheck = null;
    for (int worker = 0; worker < hosts; worker++) {
      Pod pod = current.get(worker);
      if (pod == null) {
        workers.add(WorkerState.missing(worker));
        continue;
      }
      WorkerState state = state(worker, pod, retryable);
      if (state.unschedulableSince() != null && climbAfter != null && climbAfter.compareTo(unschedulableLimit) < 0) {
        Instant climb = state.unschedulableSince().plus(climbAfter);
        if (!now.isBefore(climb)) {
          state = new WorkerState(worker, pod, WorkerState.State.ENDED, PodEnding.of(EndingKind.NO_CAPACITY,
              "NoCapacity", "worker pod " + pod.getMetadata().getName() + " found no TPU node for " + climbAfter.toSeconds()
                  + " s on this capacity (" + schedulerMessage(pod) + ")"), state.unschedulableSince());
        } else if (nextCheck == null || climb.isBefore(nextCheck)) {
          nextCheck = climb;
        }
      } else if (state.unschedulableSince() != null) {
        Instant limit = state.unschedulableSince().plus(unschedulableLimit);
        if (!now.isBefore(limit)) {
          state = new WorkerState(worker, pod, WorkerState.State.ENDED, PodEnding.of(EndingKind.CONFIGURATION_FAILED,
              "Unschedulable", "worker pod " + pod.getMetadata().getName() + " found no TPU node for "
                  + unschedulableLimit.toSeconds() + " s (" + schedulerMessage(pod) + "); check that a node pool with "
                  + "this accelerator, topology and provisioning exists (or node auto-provisioning is on) and has quota"
                  + slicesNeeded(spec) + ", or raise spec.failurePolicy.unschedulableTimeoutSeconds"), state.unschedulableSince());
        } else if (nextCheck == null || limit.isBefore(nextCheck)) {
          nextCheck = limit;
        }
      }
      workers.add(state);
    }
    boolean launchedNow = launched >= attempt;
    return new GangView(attempt, ended, launched, workers, leftovers, gangEnding(workers, launchedNow, attempt),
        Optional.ofNullable(nextCheck));
  }

  /** A job of several slices needs that many free slices at once, one node pool each for multi-host ones. */
  private static String slicesNeeded(SegmentationTrainingJobSpec spec) {
    int slices = spec.tpu == null ? 1 : spec.tpu.slicesOrDefault();
    return slices > 1 ? " for " + slices + " slices at once (spec.tpu.slices)" : "";
  }

  private WorkerState state(int worker, Pod pod, Set<Integer> retryable) {
    Optional<PodEnding> ending = classifier.classify(pod, retryable);
    PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    if (ending.isPresent()) {
      return new WorkerState(worker, pod, WorkerState.State.ENDED, ending.get(), null);
    }
    boolean running = "Running".equals(status.getPhase()) && PodEndingClassifier.trainerStatus(status)
        .map(c -> c.getState() != null && c.getState().getRunning() != null).orElse(false);
    if (running) {
      return new WorkerState(worker, pod, WorkerState.State.RUNNING, null, null);
    }
    boolean bound = pod.getSpec() != null && pod.getSpec().getNodeName() != null
        || PodEndingClassifier.condition(status, "PodScheduled").map(c -> "True".equals(c.getStatus())).orElse(false);
    if (bound) {
      return new WorkerState(worker, pod, WorkerState.State.SCHEDULED, null, null);
    }
    Instant since = PodEndingClassifier.condition(status, "PodScheduled")
        .filter(c -> "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()))
        .map(c -> parse(c.getLastTransitionTime(), pod))
        .orElse(null);
    return new WorkerState(worker, pod, WorkerState.State.WAITING, null, since);
  }

  /**
   * The gang's ending: the first ending by precedence (configuration, preemption, retryable exit,
   * trainer failure), a worker that disappeared after launch (preemption: something deleted it), or
   * success once every worker succeeded. Within a kind, a worker that only lost a peer yields to one
   * with an ending of its own: the peer's crash is the cause, the survivor's exit 6 its consequence.
   */
  static Optional<GangEnding> gangEnding(List<WorkerState> workers, boolean launched, int attempt) {
    GangEnding best = null;
    for (WorkerState worker : workers) {
      PodEnding ending = worker.ending();
      if (worker.state() == WorkerState.State.MISSING && launched) {
        ending = PodEnding.of(EndingKind.PREEMPTED, "WorkerPodMissing",
            "worker " + worker.worker() + " of attempt " + attempt + " disappeared (its pod was deleted, e.g. with its node)");
      }
      if (ending == null || ending.kind() == EndingKind.SUCCEEDED) {
        continue;
      }
      if (best == null || rank(ending) < rank(best.cause())) {
        best = new GangEnding(ending, worker.worker());
      }
    }
    if (best != null) {
      return Optional.of(best);
    }
    if (!workers.isEmpty() && workers.stream().allMatch(WorkerState::succeeded)) {
      return Optional.of(new GangEnding(PodEnding.of(EndingKind.SUCCEEDED, "AllWorkersSucceeded",
          "all " + workers.size() + " workers of attempt " + attempt + " finished training"), -1));
    }
    return Optional.empty();
  }

  private static int rank(PodEnding ending) {
    return 2 * ending.kind().precedence() + (TrainerExit.PEER_LOST.reason().equals(ending.reason()) ? 1 : 0);
  }

  public static int attemptOf(Pod pod) {
    return intLabel(pod, GangNames.ATTEMPT_LABEL);
  }

  public static int workerOf(Pod pod) {
    return intLabel(pod, GangNames.WORKER_LABEL);
  }

  private static int intLabel(Pod pod, String label) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    String value = labels == null ? null : labels.get(label);
    if (value == null) {
      return -1;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static Set<Integer> retryableExitCodes(SegmentationTrainingJobSpec spec) {
    if (spec.failurePolicy == null || spec.failurePolicy.retryableExitCodes == null) {
      return Set.of();
    }
    Set<Integer> codes = new HashSet<>();
    for (Integer code : spec.failurePolicy.retryableExitCodes) {
      if (code != null) {
        codes.add(code);
      }
    }
    return codes;
  }

  private static String schedulerMessage(Pod pod) {
    return PodEndingClassifier.condition(pod.getStatus(), "PodScheduled")
        .map(PodCondition::getMessage).filter(m -> m != null && !m.isBlank()).orElse("no message from the scheduler");
  }

  private static Instant parse(String time, Pod pod) {
    Instant parsed = Timestamps.parseOrNull(time);
    return parsed != null ? parsed : Timestamps.parseOrNull(pod.getMetadata().getCreationTimestamp());
  }
}
