package dev.segtpu.operator.figures.accounting;

import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.SegmentationTrainingJobStatus.CostStatus;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.operator.figures.cost.CostLedger;
import dev.segtpu.operator.figures.cost.CostReport;
import dev.segtpu.operator.figures.cost.Pricing;
import dev.segtpu.operator.figures.cost.TrainingPace;
import dev.segtpu.operator.status.StatusCopy;
import dev.segtpu.tpu.PriceTable;
import dev.segtpu.tpu.TpuSlices;

/**
 * Prices a job with the operator's price table: the ledger of released attempts (kept in the status)
 * plus the active gang's holds, and the projection from the measured pace.
 */
final class JobCost {

  private final PriceTable table;

  JobCost(PriceTable table) {
    this.table = table;
  }

  PriceTable table() {
    return table;
  }

  /**
   * The cost to record: nodes released by attempts that are over join the ledger once (after a
   * preemption the preemptible first-minute rule applies), progress a preempted gang must recompute is
   * wasted money, and the nodes still held are priced up to now and remembered in the status. Starts from
   * (a copy of) the decided status's cost, so fields the report does not write keep their values.
   */
  CostStatus price(AttemptFacts attempt, HeldNodes.Settlement held) {
    CostLedger ledger = CostLedger.fromStatus(attempt.previous().cost)
        .release(held.settledHolds(false))
        .reclaimed(held.settledHolds(true));
    if (attempt.preempted()) {
      ledger = ledger.preempted(attempt.heldProvisioning(), attempt.slices().chips(), attempt.lostProgress());
    }
    SegmentationTrainingJobStatus next = attempt.next();
    CostReport report = CostReport.of(new Pricing(table, attempt.spec().tpu.generation), ledger, held.openHolds(),
        attempt.now(), pace(attempt.spec(), next, attempt.slices()));
    CostStatus cost = next.cost == null ? new CostStatus() : StatusCopy.of(next.cost);
    report.writeTo(cost);
    ledger.writeTo(cost);
    cost.heldNodes = held.open().isEmpty() ? null : held.toStatus();
    return cost;
  }

  /** Where training stands, from what the status recorded of the trainer's reports. */
  static TrainingPace pace(SegmentationTrainingJobSpec spec, SegmentationTrainingJobStatus status, TpuSlices slices) {
    Long trainExamples = spec.dataset == null ? null : spec.dataset.trainExamples;
    int batch = spec.training.batchSize;
    long step = status.progress != null && status.progress.step != null ? status.progress.step : 0;
    long total = status.progress != null && status.progress.totalSteps != null ? status.progress.totalSteps
        : spec.training.steps != null || trainExamples != null ? spec.training.totalSteps(trainExamples) : 0;
    double stepsPerEpoch = trainExamples == null ? 0 : (double) trainExamples / batch;
    Provisioning provisioning = status.provisioning != null ? status.provisioning : spec.tpu.provisioning;
    return new TrainingPace(step, total, stepsPerSecond(status, batch), stepsPerEpoch, provisioning, slices.chips());
  }

  /** Steps per second as the trainer reported them, else derived from images per second (the stand-in's). */
  static double stepsPerSecond(SegmentationTrainingJobStatus status, int batchSize) {
    var throughput = status.throughput;
    if (throughput == null) {
      return 0;
    }
    if (throughput.stepsPerSecond != null && throughput.stepsPerSecond > 0) {
      return throughput.stepsPerSecond;
    }
    return throughput.imagesPerSecond != null ? throughput.imagesPerSecond / batchSize : 0;
  }
}
