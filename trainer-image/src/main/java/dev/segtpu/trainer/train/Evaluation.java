package dev.segtpu.trainer.train;

import dev.segtpu.trainer.telemetry.TrainerTelemetry;
import java.util.Map;

/**
 * Result of one evaluation pass through the inference tower (batch norm on its moving averages): what the
 * loop, the best checkpoint, early stopping, the status and {@code final-metrics.json} read of it, whatever
 * the model measures.
 */
public sealed interface Evaluation permits SemanticEvaluation, InstanceEvaluation {

  long step();

  double seconds();

  /**
   * The value of a metric named as in the status ({@code StatusDocument}'s metric names); higher is better.
   *
   * @throws IllegalArgumentException when this kind of evaluation does not measure it
   */
  double value(String metric);

  /** Puts the evaluation into the trainer's status and metrics. */
  void report(TrainerTelemetry telemetry);

  /** One log line's worth. */
  String describe();

  /** The {@code eval} object of {@code final-metrics.json}, in key order. */
  Map<String, Object> summary();
}
