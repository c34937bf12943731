package dev.segtpu.operator.progress;

import dev.segtpu.operator.gang.GangView;
import dev.segtpu.operator.gang.WorkerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The report worker 0's trainer left in its termination message as it exited (Kubernetes keeps the
 * message in the pod status). It is newer than anything polled: a trainer that saves its last
 * checkpoint, evaluates and exits between two polls is still recorded with its final figures.
 */
public final class FinalReport {

  private FinalReport() {}

  public static Optional<TrainerReport> of(GangView gang) {
    return gang.workers().stream()
        .filter(w -> w.worker() == 0)
        .map(WorkerState::pod)
        .filter(Objects::nonNull)
        .findFirst()
        .flatMap(FinalReport::message)
        .flatMap(FinalReport::parse);
  }

  private static Optional<String> message(Pod pod) {
    List<ContainerStatus> containers = pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
    if (containers == null) {
      return Optional.empty();
    }
    return containers.stream()
        .filter(c -> c.getState() != null && c.getState().getTerminated() != null)
        .map(c -> c.getState().getTerminated().getMessage())
        .filter(m -> m != null && m.startsWith("{"))
        .findFirst();
  }

  /** A message that is not the trainer's JSON (another image, a truncated one) is no report. */
  private static Optional<TrainerReport> parse(String message) {
    try {
      return Optional.of(TrainerReport.parse(message.getBytes(StandardCharsets.UTF_8)));
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }
}
