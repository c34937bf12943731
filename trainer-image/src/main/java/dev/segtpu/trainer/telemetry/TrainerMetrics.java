package dev.segtpu.trainer.telemetry;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.core.metrics.StateSet;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;
import java.util.Arrays;

/** The trainer's Prometheus series, registered in a registry of their own. */
final class TrainerMetrics {

  private static final String PREFIX = "segtpu_trainer_";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter steps = counter("steps", "Training steps completed by this attempt");
  private final Counter images = counter("images", "Images trained on by this attempt");
  private final Gauge globalStep = gauge("global_step", "Global step of the newest completed step");
  private final Gauge totalSteps = gauge("target_steps", "Global step at which training ends");
  private final Gauge epoch = gauge("epoch", "Epoch of the newest completed step");
  private final Gauge imagesPerSecond = gauge("images_per_second", "Training images per second over recent steps");
  private final Histogram stepSeconds = histogram("step_duration_seconds",
      "Wall time of one training step, data wait included", 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300);
  private final Histogram dataWaitSeconds = histogram("data_wait_seconds",
      "Time one step waited for its input batch", 0.0001, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5);
  private final Gauge loss = gauge("loss", "Training loss of the newest step");
  private final Gauge learningRate = gauge("learning_rate", "Learning rate of the newest step");
  private final Histogram checkpointSaveSeconds = histogram("checkpoint_save_seconds",
      "Time to write one checkpoint", 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60);
  private final Gauge checkpointRestoreSeconds = gauge("checkpoint_restore_seconds", "Time the restore at start took");
  private final Gauge lastCheckpointStep = gauge("last_checkpoint_step", "Global step of the newest checkpoint written");
  private final Gauge lastCheckpointTime = gauge("last_checkpoint_timestamp_seconds", "Unix time of the newest checkpoint written");
  private final Gauge evalStep = gauge("eval_step", "Global step of the newest evaluation");
  private final Gauge evalMeanIoU = gauge("eval_mean_iou_ratio", "Mean intersection-over-union of the newest evaluation");
  private final Gauge evalPixelAccuracy = gauge("eval_pixel_accuracy_ratio", "Pixel accuracy of the newest evaluation");
  private final Gauge evalClassIoU = Gauge.builder().name(PREFIX + "eval_class_iou_ratio")
      .help("Per-class intersection-over-union of the newest evaluation").labelNames("class").register(registry);
  private final Counter badputSeconds = Counter.builder().name(PREFIX + "badput_seconds")
      .help("Non-productive time by category").labelNames("category").register(registry);
  private final Counter productiveSeconds = counter("productive_seconds", "Time in training steps, data wait excluded");
  private final Gauge attempt = gauge("attempt", "Attempt number of this trainer (the fencing token)");
  private final Info info = Info.builder().name(PREFIX + "info")
      .help("The device the trainer computes on and its attempt").labelNames("device", "attempt").register(registry);
  private final StateSet phase = StateSet.builder().name(PREFIX + "phase")
      .help("What the trainer is doing").states(Arrays.stream(TrainerPhase.values()).map(TrainerPhase::json)
          .toArray(String[]::new)).register(registry);

  TrainerMetrics(int attempt, long totalSteps, String device) {
    this.attempt.set(attempt);
    this.totalSteps.set(totalSteps);
    info.setLabelValues(device, Integer.toString(attempt));
    for (BadputCategory category : BadputCategory.values()) {
      badputSeconds.labelValues(category.key()).inc(0);
    }
    phase(TrainerPhase.INITIALIZING);
  }

  PrometheusRegistry registry() {
    return registry;
  }

  void phase(TrainerPhase current) {
    for (TrainerPhase each : TrainerPhase.values()) {
      if (each == current) {
        phase.setTrue(each.json());
      } else {
        phase.setFalse(each.json());
      }
    }
  }

  void stepCompleted(long step, long epoch, double loss, double learningRate, int images,
                     double stepSeconds, double dataWaitSeconds, double recentImagesPerSecond) {
    steps.inc();
    this.images.inc(images);
    globalStep.set(step);
    this.epoch.set(epoch);
    this.loss.set(loss);
    this.learningRate.set(learningRate);
    imagesPerSecond.set(recentImagesPerSecond);
    this.stepSeconds.observe(stepSeconds);
    this.dataWaitSeconds.observe(dataWaitSeconds);
    productiveSeconds.inc(stepSeconds - dataWaitSeconds);
    badput(BadputCategory.DATA_WAIT, dataWaitSeconds);
  }

  void checkpointSaved(long step, Instant time, double seconds) {
    checkpointSaveSeconds.observe(seconds);
    lastCheckpointStep.set(step);
    lastCheckpointTime.set(time.toEpochMilli() / 1000.0);
    badput(BadputCategory.CHECKPOINT_SAVE, seconds);
  }

  void restored(double seconds) {
    checkpointRestoreSeconds.set(seconds);
    badput(BadputCategory.CHECKPOINT_RESTORE, seconds);
  }

  void evaluated(long step, double meanIoU, double pixelAccuracy, double[] perClassIoU, double seconds) {
    evalStep.set(step);
    evalMeanIoU.set(meanIoU);
    evalPixelAccuracy.set(pixelAccuracy);
    for (int c = 0; c < perClassIoU.length; c++) {
      evalClassIoU.labelValues(Integer.toString(c)).set(perClassIoU[c]);
    }
    badput(BadputCategory.EVALUATION, seconds);
  }

  void badput(BadputCategory category, double seconds) {
    badputSeconds.labelValues(category.key()).inc(seconds);
  }

  private Counter counter(String name, String help) {
    return Counter.builder().name(PREFIX + name).help(help).register(registry);
  }

  private Gauge gauge(String name, String help) {
    return Gauge.builder().name(PREFIX + name).help(help).register(registry);
  }

  private Histogram histogram(String name, String help, double... upperBounds) {
    return Histogram.builder().name(PREFIX + name).help(help).classicOnly()
        .classicUpperBounds(upperBounds).register(registry);
  }
}
