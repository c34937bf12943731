package dev.segtpu.operator.figures.cost;

import dev.segtpu.api.Provisioning;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The TPU chips one worker pod keeps from the moment it is scheduled onto a TPU node (we are billed
 * from then on) until the node is released.
 *
 * @param releasedAt null while the pod still holds its node
 */
public record TpuHold(Provisioning provisioning, int chips, Instant heldSince, Instant releasedAt) {

  public TpuHold {
    Objects.requireNonNull(provisioning, "provisioning");
    Objects.requireNonNull(heldSince, "heldSince");
    if (chips <= 0) {
      throw new IllegalArgumentException("a TPU hold needs at least one chip, got " + chips);
    }
  }

  /**
   * The hold of a worker pod, or empty while it is not scheduled. Held since its PodScheduled
   * condition turned true; released when all its containers terminated. A pod that vanished is
   * closed by the caller with {@link #releasedAt(Instant)} at the time it noticed.
   */
  public static Optional<TpuHold> ofPod(Pod pod, int chipsPerHost, Provisioning provisioning) {
    if (pod.getStatus() == null) {
      return Optional.empty();
    }
    return scheduledAt(pod.getStatus().getConditions())
        .map(since -> new TpuHold(provisioning, chipsPerHost, since, terminatedAt(pod.getStatus().getContainerStatuses())));
  }

  public TpuHold releasedAt(Instant when) {
    return new TpuHold(provisioning, chips, heldSince, when);
  }

  public boolean released() {
    return releasedAt != null;
  }

  /** Chip-seconds held up to {@code now} (or up to the release). */
  public ChipSeconds chipSeconds(Instant now) {
    Instant end = releasedAt == null ? now : releasedAt;
    double seconds = Math.max(0, Duration.between(heldSince, end).toMillis() / 1000.0);
    return ChipSeconds.of(provisioning, seconds * chips);
  }

  private static Optional<Instant> scheduledAt(List<PodCondition> conditions) {
    return conditions == null ? Optional.empty() : conditions.stream()
        .filter(c -> "PodScheduled".equals(c.getType()) && "True".equals(c.getStatus()) && c.getLastTransitionTime() != null)
        .map(c -> Instant.parse(c.getLastTransitionTime()))
        .findFirst();
  }

  /** The last container's finish time once every container has terminated, else null. */
  private static Instant terminatedAt(List<ContainerStatus> containers) {
    if (containers == null || containers.isEmpty()) {
      return null;
    }
    Instant last = null;
    for (ContainerStatus container : containers) {
      var terminated = container.getState() == null ? null : container.getState().getTerminated();
      if (terminated == null || terminated.getFinishedAt() == null) {
        return null;
      }
      Instant finished = Instant.parse(terminated.getFinishedAt());
      last = last == null || finished.isAfter(last) ? finished : last;
    }
    return last;
  }
}
