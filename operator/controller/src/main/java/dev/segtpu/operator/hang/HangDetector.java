package dev.segtpu.operator.hang;

import dev.segtpu.api.HangDetectionSpec;
import dev.segtpu.contract.StatusDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether an attempt's trainer is hung, from its reports as polled. Pure: the previous watch comes from
 * the status, the clock is an input.
 *
 * <p>The clock runs only while the trainer reports the {@code training} phase, and starts again whenever
 * the step or the phase changes. So evaluation, checkpointing, start-up, restoring and export never look
 * like a hang (the pause is not included in the bound, it stops the clock), and a trainer coming back from
 * a long evaluation gets the full bound for its next step. The price: a trainer that hangs inside one of
 * those phases is not detected here (the active deadline still ends it).
 *
 * <p>The clock counts from the first report of the unchanged step, as polled: the stall is at least
 * as long as measured, at most one poll interval longer. A trainer that stops answering {@code /status}
 * keeps its last report, so a wedged process that no longer answers is caught too.
 */
public final class HangDetector {

  /** The reason of a hung attempt's ending (kind TrainerFailed), its condition's type and its event's reason. */
  public static final String REASON = "Hung";

  /**
   * What one look found.
   *
   * @param watch the watch to keep in the status; empty when there is nothing to watch (no report of this attempt)
   * @param hang the hang, when the bound has passed
   * @param advanced the step counter moved on since the previous look at this attempt
   */
  public record Verdict(Optional<StepWatch> watch, Optional<Hang> hang, boolean advanced) {}

  /** A stalled step counter: the step it stopped at, for how long, and the bound it passed. */
  public record Hang(long step, Instant since, Duration stalled, Duration bound) {}

  private HangDetector() {}

  /**
   * @param previous the watch in the status (any attempt)
   * @param report the current attempt's latest report, if any
   */
  public static Verdict look(HangDetectionSpec spec, int attempt, Optional<StepWatch> previous, Optional<StatusDocument> report,
                             Instant now) {
    Optional<StepWatch> kept = previous.filter(w -> w.attempt() == attempt);
    if (report.isEmpty() || report.get().step() == null || report.get().phase() == null
        || (report.get().attempt() != null && report.get().attempt() != attempt)) {
      return new Verdict(kept, Optional.empty(), false);
    }
    StatusDocument seen = report.get();
    StepWatch watch = kept.filter(w -> w.unchanged(attempt, seen.step(), seen.phase()))
        .orElseGet(() -> new StepWatch(attempt, seen.step(), seen.phase(), now));
    boolean advanced = kept.filter(w -> seen.step() > w.step()).isPresent();
    HangDetectionSpec policy = HangDetectionSpec.orDefaults(spec);
    if (!policy.enabledOrDefault() || !StatusDocument.PHASE_TRAINING.equals(watch.phase())) {
      return new Verdict(Optional.of(watch), Optional.empty(), advanced);
    }
    Duration bound = HangBound.of(policy, seen.stepsPerSecond());
    Duration stalled = watch.stalledFor(now);
    Optional<Hang> hang = stalled.compareTo(bound) > 0
        ? Optional.of(new Hang(watch.step(), watch.since(), stalled, bound)) : Optional.empty();
    return new Verdict(Optional.of(watch), hang, advanced);
  }

  /** When the current watch turns into a hang if nothing changes: the time to look again. */
  public static Optional<Instant> deadline(HangDetectionSpec spec, StepWatch watch, Optional<StatusDocument> report) {
    HangDetectionSpec policy = HangDetectionSpec.orDefaults(spec);
    if (!policy.enabledOrDefault() || !StatusDocument.PHASE_TRAINING.equals(watch.phase())) {
      return Optional.empty();
    }
    return Optional.of(watch.since().plus(HangBound.of(policy, report.map(StatusDocument::stepsPerSecond).orElse(null))));
  }
}
