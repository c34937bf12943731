package dev.segtpu.operator.metrics;

import dev.segtpu.api.Phase;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.contract.TrainerInterval;
import dev.segtpu.operator.figures.goodput.BadputCategory;
import dev.segtpu.operator.figures.goodput.GoodputBreakdown;
import dev.segtpu.operator.status.Timestamps;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The figures of one job that its series expose, read from its status. Unknown figures are NaN, which
 * Prometheus shows as NaN and comparisons in alert rules treat as false.
 *
 * @param chipSecondsByProvisioning and {@code costUSDByProvisioning}: keyed by provisioning value
 * @param lastCheckpoint null before the first checkpoint
 * @param averagePrecisions the ones the latest evaluation reports (Mask R-CNN's), none for DeepLab
 */
public record JobSnapshot(Phase phase, double step, double progressRatio, double imagesPerSecond,
                          double costSoFarUSD, double costProjectedUSD, double costWastedUSD, double budgetUSD,
                          Map<String, Double> chipSecondsByProvisioning, Map<String, Double> costUSDByProvisioning,
                          int preemptions, int restarts, int failures, int hangs, double goodputRatio,
                          GoodputBreakdown goodput, Instant lastCheckpoint, double checkpointIntervalSeconds,
                          double evalMeanIoU, Map<AveragePrecision, Double> averagePrecisions, double provisioningRung) {

  public JobSnapshot {
    chipSecondsByProvisioning = Map.copyOf(chipSecondsByProvisioning);
    costUSDByProvisioning = Map.copyOf(costUSDByProvisioning);
    averagePrecisions = Map.copyOf(averagePrecisions);
  }

  public static JobSnapshot of(SegmentationTrainingJob job) {
    SegmentationTrainingJobStatus status = job.getStatus() != null ? job.getStatus() : new SegmentationTrainingJobStatus();
    var progress = status.progress;
    double step = progress != null && progress.step != null ? progress.step : Double.NaN;
    double ratio = progress != null && progress.totalSteps != null && progress.totalSteps > 0 ? step / progress.totalSteps : Double.NaN;
    var throughput = status.throughput;
    var cost = status.cost;
    var goodput = status.goodput;
    var budget = job.getSpec().budget;
    return new JobSnapshot(
        status.phaseOrPending(),
        step,
        ratio,
        throughput != null ? orNaN(throughput.imagesPerSecond) : Double.NaN,
        cost != null ? orNaN(cost.soFarUSD) : Double.NaN,
        cost != null ? orNaN(cost.projectedUSD) : Double.NaN,
        cost != null ? orNaN(cost.wastedUSD) : Double.NaN,
        budget != null ? orNaN(budget.maxCostUSD) : Double.NaN,
        cost != null && cost.chipSecondsByProvisioning != null ? cost.chipSecondsByProvisioning : Map.of(),
        cost != null && cost.soFarUSDByProvisioning != null ? cost.soFarUSDByProvisioning : Map.of(),
        status.preemptionsOrZero(),
        Math.max(0, status.attemptOrZero() - 1),
        status.failuresOrZero(),
        status.hangsOrZero(),
        goodput != null ? orNaN(goodput.ratio) : Double.NaN,
        goodput != null ? GoodputBreakdown.fromStatus(goodput.productiveSeconds, goodput.badputSeconds) : GoodputBreakdown.none(),
        checkpointTime(status.lastCheckpoint),
        intervalSeconds(status.checkpointInterval, throughput),
        status.evalMetrics != null ? orNaN(status.evalMetrics.meanIoU) : Double.NaN,
        averagePrecisions(status.evalMetrics),
        status.rung != null ? status.rung.indexOrZero() : 0);
  }

  public double badputSeconds(BadputCategory category) {
    return goodput.badput(category);
  }

  /**
   * A step interval is converted with the measured step rate so that "checkpoint too old" works for both
   * forms. The status holds what the attempt's trainer was given ({@code SEGTPU_CHECKPOINT_INTERVAL}), so it
   * is read with the contract's parser, not the spec's.
   */
  private static double intervalSeconds(String interval, SegmentationTrainingJobStatus.ThroughputStatus throughput) {
    if (interval == null) {
      return Double.NaN;
    }
    try {
      TrainerInterval parsed = TrainerInterval.parse(interval);
      if (parsed.time() != null) {
        return parsed.time().toSeconds();
      }
      if (throughput != null && throughput.stepsPerSecond != null && throughput.stepsPerSecond > 0) {
        return parsed.steps() / throughput.stepsPerSecond;
      }
    } catch (IllegalArgumentException unparsable) {
      // an interval the status should never hold; the gauge shows NaN rather than failing the reconcile
    }
    return Double.NaN;
  }

  private static Map<AveragePrecision, Double> averagePrecisions(SegmentationTrainingJobStatus.EvalMetricsStatus eval) {
    Map<AveragePrecision, Double> reported = new EnumMap<>(AveragePrecision.class);
    if (eval != null) {
      for (AveragePrecision precision : AveragePrecision.values()) {
        Double value = precision.of(eval);
        if (value != null) {
          reported.put(precision, value);
        }
      }
    }
    return reported;
  }

  /** Null when unknown or unreadable: a bad timestamp from a trainer must not break the reconcile. */
  private static Instant checkpointTime(SegmentationTrainingJobStatus.CheckpointStatus checkpoint) {
    return checkpoint == null ? null : Timestamps.parseOrNull(checkpoint.time);
  }

  private static double orNaN(Double value) {
    return value == null ? Double.NaN : value;
  }
}
