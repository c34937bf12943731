package dev.segtpu.trainer.checkpoint;

/**
 * The best checkpoint's marker, {@code best-<step>-a<attempt>.json} ({@link CheckpointName#bestMarker()}): which
 * committed checkpoint has the best evaluation, and where early stopping's patience counts from. A new best is a new file (one create-new
 * write, as commit markers are: never a rename or an overwrite, which object storage does not do
 * atomically); the newest marker whose checkpoint is committed counts.
 *
 * @param metric the evaluation field compared, higher is better
 * @param value its value at {@code step}
 * @param significantStep the last evaluation that beat the best before it by at least the early-stopping
 *     minimum delta: patience counts the evaluations after it
 * @param significantValue that evaluation's value
 */
public record BestMarker(long step, int attempt, String metric, double value, long significantStep, double significantValue) {

  public CheckpointName checkpoint() {
    return new CheckpointName(step, attempt);
  }
}
