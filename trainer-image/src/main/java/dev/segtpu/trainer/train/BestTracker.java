package dev.segtpu.trainer.train;

import dev.segtpu.trainer.checkpoint.BestMarker;
import java.util.Optional;

/**
 * Follows one evaluation metric across evaluations: which step is the best so far (its checkpoint is
 * kept and exported), and, with early stopping, whether patience has run out. Pure; its state survives a
 * restart in the best marker ({@link BestMarker}): the patience already used is the number of evaluations
 * between the last significant improvement and the restored step, which the fixed evaluation interval gives.
 */
public final class BestTracker {

  /** What one evaluation means: a new best (save and mark it), and whether to stop. */
  public record Verdict(boolean newBest, boolean stop, int evaluationsWithoutImprovement) {}

  private final String metric;
  private final Optional<EarlyStopping> earlyStopping;
  private Optional<BestMarker> best;
  private int withoutImprovement;

  /**
   * @param defaultMetric followed when early stopping is off ({@link EarlyStopping#defaultMetric})
   * @param restored the best marker of the checkpoint directory, if any (of another metric: ignored)
   * @param restoredStep the step training resumes from
   * @param evalIntervalSteps the evaluation interval (0: only at the end)
   */
  public BestTracker(Optional<EarlyStopping> earlyStopping, String defaultMetric, Optional<BestMarker> restored, long restoredStep,
                     long evalIntervalSteps) {
    this.earlyStopping = earlyStopping;
    this.metric = earlyStopping.map(EarlyStopping::metric).orElse(defaultMetric);
    this.best = restored.filter(b -> b.metric().equals(metric) && b.step() <= restoredStep);
    this.withoutImprovement = best.isPresent() && evalIntervalSteps > 0
        ? (int) (restoredStep / evalIntervalSteps - best.get().significantStep() / evalIntervalSteps) : 0;
  }

  public String metric() {
    return metric;
  }

  public Optional<BestMarker> best() {
    return best;
  }

  /**
   * Takes the evaluation of {@code step}. A value above the best is a new best; it resets patience only
   * when it beats the last significant value by more than the minimum delta.
   */
  public Verdict evaluated(long step, int attempt, double value) {
    boolean newBest = best.isEmpty() || value > best.get().value();
    double minDelta = earlyStopping.map(EarlyStopping::minDelta).orElse(0.0);
    // as Keras' EarlyStopping: an improvement counts when it beats the last counted one by more than minDelta
    boolean significant = best.isEmpty() || value - minDelta > best.get().significantValue();
    if (significant) {
      withoutImprovement = 0;
    } else {
      withoutImprovement++;
    }
    if (newBest) {
      long significantStep = significant ? step : best.get().significantStep();
      double significantValue = significant ? value : best.get().significantValue();
      best = Optional.of(new BestMarker(step, attempt, metric, value, significantStep, significantValue));
    }
    boolean stop = earlyStopping.filter(e -> withoutImprovement >= e.patience()).isPresent();
    return new Verdict(newBest, stop, withoutImprovement);
  }
}
