package dev.segtpu.operator.progress;

import dev.segtpu.contract.StatusDocument;
import dev.segtpu.operator.gang.GangView;
import dev.segtpu.operator.gang.WorkerState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The report worker 0's trainer left in its termination message as it exited (Kubernetes keeps the
 * message in the pod status). It is newer than anything polled: a trainer that saves its last
 * checkpoint, evaluates and exits between two polls is still recorded with its final figures.
 */
public final class FinalReport {

  private FinalReport() {}

  public static Optional<StatusDocument> of(GangView gang) {
    return gang.workers().stream()
        .filter(w -> w.worker() == 0)
        .findFirst()
        .flatMap(WorkerState::terminationMessage)
        .filter(message -> message.startsWith("{"))
        .flatMap(FinalReport::parse);
  }

  /** A message that is not the trainer's JSON (another image, a truncated one) is no report. */
  private static Optional<StatusDocument> parse(String message) {
    try {
      return Optional.of(StatusDocument.parse(message.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
