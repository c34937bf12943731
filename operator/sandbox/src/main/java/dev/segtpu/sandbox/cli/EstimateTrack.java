package dev.segtpu.sandbox.cli;

import dev.segtpu.api.SegmentationTrainingJobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * How the job's finish estimate ({@code status.estimate}) converged on its real finish, from the statuses a
 * run polled: the finish estimated at admission, the projected finish once half the steps were done, and the
 * actual completion time.
 */
final class EstimateTrack {

  private Instant admitted;
  private Instant estimatedAtAdmission;
  private Instant projectedAtHalf;

  /** Takes one polled status. */
  void see(SegmentationTrainingJobStatus status) {
    if (status == null || status.estimate == null) {
      return;
    }
    if (estimatedAtAdmission == null && status.estimate.finishTime != null) {
      estimatedAtAdmission = parse(status.estimate.finishTime);
      admitted = parse(status.estimate.admittedTime);
    }
    boolean half = status.progress != null && status.progress.percent != null && status.progress.percent >= 50;
    if (projectedAtHalf == null && half && status.estimate.projectedFinishTime != null) {
      projectedAtHalf = parse(status.estimate.projectedFinishTime);
    }
  }

  /** One summary line, or empty when the job had no estimate. */
  Optional<String> describe(SegmentationTrainingJobStatus finished) {
    if (estimatedAtAdmission == null) {
      return Optional.empty();
    }
    Instant actual = finished == null || finished.completionTime == null ? null : parse(finished.completionTime);
    StringBuilder line = new StringBuilder("finish estimated at admission " + clock(estimatedAtAdmission));
    line.append(projectedAtHalf == null ? ", none projected at 50 %" : ", projected at 50 % " + clock(projectedAtHalf));
    if (actual != null) {
      line.append(", actual ").append(clock(actual));
      line.append(" (off by ").append(off(estimatedAtAdmission, actual));
      if (projectedAtHalf != null) {
        line.append(" at admission, ").append(off(projectedAtHalf, actual)).append(" at 50 %");
      }
      line.append(admitted == null ? ")" : " of " + seconds(Duration.between(admitted, actual)) + ")");
    }
    return Optional.of(line.toString());
  }

  private static String off(Instant estimate, Instant actual) {
    Duration error = Duration.between(actual, estimate);
    return (error.isNegative() ? "-" : "+") + seconds(error.abs());
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%d s", duration.toSeconds());
  }

  private static String clock(Instant instant) {
    return instant.toString().substring(11, 19);
  }

  private static Instant parse(String time) {
    try {
      return time == null ? null : Instant.parse(time);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
