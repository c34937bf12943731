package dev.segtpu.operator.progress;

import dev.segtpu.api.SegmentationTrainingJobStatus.BestCheckpointStatus;
import dev.segtpu.api.SegmentationTrainingJobStatus.CheckpointStatus;
import dev.segtpu.api.SegmentationTrainingJobStatus.EvalMetricsStatus;
import dev.segtpu.api.SegmentationTrainingJobStatus.ProgressStatus;
import dev.segtpu.api.SegmentationTrainingJobStatus.ThroughputStatus;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.contract.StatusDocument;
import dev.segtpu.operator.status.JobEvent;
import dev.segtpu.operator.status.JobEvents;
import java.util.ArrayList;
import java.util.List;

/** Copies what worker 0 reports into the job status: step, throughput, last checkpoint, evaluation, best checkpoint, device. */
public final class ProgressRecorder {

  private ProgressRecorder() {}

  /**
   * @param attempt the current attempt; reports of another attempt (a straggler) are ignored
   * @return events for what the report reveals (the checkpoint the attempt restored)
   */
  public static List<JobEvent> record(StatusDocument report, int attempt, SegmentationTrainingJobStatus status) {
    List<JobEvent> events = new ArrayList<>();
    if (report == null || (report.attempt() != null && report.attempt() != attempt)) {
      return events;
    }
    if (report.step() != null || report.totalSteps() != null) {
      ProgressStatus progress = status.progress == null ? new ProgressStatus() : status.progress;
      if (report.step() != null) {
        progress.step = report.step();
      }
      if (report.totalSteps() != null) {
        progress.totalSteps = report.totalSteps();
      }
      if (report.epoch() != null) {
        progress.epoch = report.epoch();
      }
      if (progress.step != null && progress.totalSteps != null && progress.totalSteps > 0) {
        progress.percent = (int) Math.min(100, progress.step * 100 / progress.totalSteps);
      }
      status.progress = progress;
    }
    if (report.imagesPerSecond() != null || report.stepsPerSecond() != null) {
      ThroughputStatus throughput = new ThroughputStatus();
      throughput.imagesPerSecond = report.imagesPerSecond();
      throughput.stepsPerSecond = report.stepsPerSecond();
      status.throughput = throughput;
    }
    if (report.lastCheckpoint() != null && report.lastCheckpoint().step() != null) {
      CheckpointStatus checkpoint = new CheckpointStatus();
      checkpoint.step = report.lastCheckpoint().step();
      checkpoint.time = report.lastCheckpoint().time();
      checkpoint.attempt = report.lastCheckpoint().attempt() == null ? attempt : report.lastCheckpoint().attempt();
      // A restored checkpoint comes without a save time: keep the last one measured (the checkpoint
      // interval planner reads it).
      checkpoint.saveSeconds = report.lastCheckpoint().saveSeconds() != null ? report.lastCheckpoint().saveSeconds()
          : status.lastCheckpoint == null ? null : status.lastCheckpoint.saveSeconds;
      status.lastCheckpoint = checkpoint;
    }
    if (report.eval() != null && report.eval().step() != null) {
      EvalMetricsStatus eval = new EvalMetricsStatus();
      eval.step = report.eval().step();
      eval.meanIoU = report.eval().meanIoU();
      eval.pixelAccuracy = report.eval().pixelAccuracy();
      eval.boxAP = report.eval().boxAP();
      eval.maskAP = report.eval().maskAP();
      eval.boxAP50 = report.eval().boxAP50();
      eval.boxAP75 = report.eval().boxAP75();
      status.evalMetrics = eval;
    }
    if (report.bestCheckpoint() != null && report.bestCheckpoint().step() != null) {
      BestCheckpointStatus best = new BestCheckpointStatus();
      best.step = report.bestCheckpoint().step();
      best.metric = report.bestCheckpoint().metric();
      best.value = report.bestCheckpoint().value();
      status.bestCheckpoint = best;
    }
    if (report.device() != null) {
      status.device = report.device();
    }
    if (report.restoredFromStep() != null && status.restoredFromStep == null) {
      status.restoredFromStep = report.restoredFromStep();
      events.add(JobEvent.normal(JobEvents.CHECKPOINT_RESTORED,
          "attempt " + attempt + " restored the checkpoint of step " + report.restoredFromStep()));
    }
    return events;
  }
}
