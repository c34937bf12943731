package dev.segtpu.operator.reconcile.decide;

import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.api.SegmentationTrainingJobStatus.EarlyStopStatus;
import dev.segtpu.operator.figures.cost.CostReport;
import java.util.Locale;

/**
 * What stopping early saved against the planned schedule: the steps not trained, their time at the last
 * measured step rate, and their cost as the last status before the stop projected it (projected cost at
 * completion minus the cost so far). Pure; a figure that cannot be known (no rate, no cost yet) is left out.
 */
final class EarlyStopSavings {

  private EarlyStopSavings() {}

  /**
   * @param stoppedAt the step the trainer stopped at
   * @param plannedSteps the steps the job was to train
   * @param before the status last written before the stop (its throughput and cost)
   */
  static EarlyStopStatus of(long stoppedAt, long plannedSteps, SegmentationTrainingJobStatus before) {
    EarlyStopStatus saved = new EarlyStopStatus();
    saved.step = stoppedAt;
    saved.plannedSteps = plannedSteps;
    saved.stepsSaved = Math.max(0, plannedSteps - stoppedAt);
    Double rate = before.throughput == null ? null : before.throughput.stepsPerSecond;
    if (rate != null && rate > 0) {
      saved.secondsSaved = saved.stepsSaved / rate;
    }
    if (before.cost != null && before.cost.projectedUSD != null && before.cost.soFarUSD != null) {
      // both are rounded; their difference is rounded again, or it shows binary noise (0.017599999999999998)
      saved.costSavedUSD = CostReport.round(Math.max(0, before.cost.projectedUSD - before.cost.soFarUSD));
    }
    return saved;
  }

  /** "saved 1600 of 2000 planned steps (about 3200 s, 12.40 USD)". */
  static String describe(EarlyStopStatus saved) {
    StringBuilder text = new StringBuilder("saved " + saved.stepsSaved + " of " + saved.plannedSteps + " planned steps");
    if (saved.secondsSaved != null || saved.costSavedUSD != null) {
      text.append(" (about");
      if (saved.secondsSaved != null) {
        text.append(String.format(Locale.ROOT, " %.0f s", saved.secondsSaved));
      }
      if (saved.costSavedUSD != null) {
        text.append(saved.secondsSaved != null ? "," : "").append(" ").append(StopRules.usd(saved.costSavedUSD)).append(" USD");
      }
      text.append(")");
    }
    return text.toString();
  }
}
