package dev.segtpu.operator.figures.goodput;

import dev.segtpu.api.SegmentationTrainingJobStatus.GoodputStatus;
import java.util.Map;

/**
 * A job's goodput across attempts: finished attempts (persisted in the status, so an operator
 * restart loses nothing) plus the running one (re-derived from its pods and the trainer's live figures).
 */
public record JobGoodput(GoodputBreakdown closedAttempts, GoodputBreakdown runningAttempt) {

  public static JobGoodput fromStatus(GoodputStatus status) {
    GoodputBreakdown closed = status == null ? GoodputBreakdown.none()
        : GoodputBreakdown.fromStatus(status.closedAttemptsProductiveSeconds, status.closedAttemptsBadputSeconds);
    return new JobGoodput(closed, GoodputBreakdown.none());
  }

  public JobGoodput withRunningAttempt(GoodputBreakdown attempt) {
    return new JobGoodput(closedAttempts, attempt);
  }

  /** The running attempt ended (gang gone): its final split joins the closed attempts. */
  public JobGoodput closeAttempt(GoodputBreakdown finalSplit) {
    return new JobGoodput(closedAttempts.plus(finalSplit), GoodputBreakdown.none());
  }

  /**
   * An ended attempt's nodes were released {@code seconds} after the operator stopped it (workers writing
   * their SIGTERM checkpoint, pods terminating): billed time the attempt's own split did not cover.
   */
  public JobGoodput withTeardown(double seconds) {
    return new JobGoodput(closedAttempts.plus(new GoodputBreakdown(0, Map.of(BadputCategory.OTHER, seconds))), runningAttempt);
  }

  public GoodputBreakdown total() {
    return closedAttempts.plus(runningAttempt);
  }

  public void writeTo(GoodputStatus status) {
    GoodputBreakdown total = total();
    status.ratio = total.ratio();
    status.productiveSeconds = total.productiveSeconds();
    status.badputSeconds = total.badputToStatus();
    status.closedAttemptsProductiveSeconds = closedAttempts.productiveSeconds();
    status.closedAttemptsBadputSeconds = closedAttempts.badputToStatus();
  }
}
