package dev.segtpu.operator.reconcile.act;

import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.operator.status.StatusCopy;
import java.time.Duration;
import java.util.Optional;

/**
 * What the act step did: the outcome the reconciler remembers and publishes.
 *
 * @param statusWritten the status it wrote, if it wrote one: the decided status, or that status amended
 *     after the API server refused a creation ({@link CreateRefusals}: the attempt not marked launched,
 *     {@code WorkersCreated} False)
 * @param retryCreation when to try again because the API server refused to create a worker or the
 *     Service; empty when everything was carried out
 */
public record Acted(Optional<SegmentationTrainingJobStatus> statusWritten, Optional<Duration> retryCreation) {

  public Acted {
    statusWritten = statusWritten.map(StatusCopy::of);
  }

  /** A copy of the status written, if any. */
  @Override
  public Optional<SegmentationTrainingJobStatus> statusWritten() {
    return statusWritten.map(StatusCopy::of);
  }
}
