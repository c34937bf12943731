package dev.segtpu.trainer.telemetry;

import dev.segtpu.contract.StatusDocument;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.core.metrics.StateSet;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The trainer's Prometheus series, in a registry of their own. Values the status also reports (step,
 * loss, evaluation, time accounting, …) are read from the status at scrape time, so both endpoints
 * always agree and a series appears only once its value is known; distributions and event counts are
 * recorded as the events happen.
 */
final class TrainerMetrics {

  private static final String PREFIX = "segtpu_trainer_";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Supplier<StatusDocument> status;
  private final Counter steps = counter("steps", "Training steps completed by this attempt");
  private final Counter images = counter("images", "Images trained on by this attempt");
  private final Histogram stepSeconds = histogram("step_duration_seconds",
      "Wall time of one training step, data wait included",
      0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300);
  private final Histogram dataWaitSeconds = histogram("data_wait_seconds",
      "Time one step waited for its input batch", 0.0001, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5);
  private final Histogram checkpointSaveSeconds = histogram("checkpoint_save_seconds",
      "Time to write one checkpoint", 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60);
  private final Histogram checkpointRestoreSeconds = histogram("checkpoint_restore_seconds",
      "Time to restore a checkpoint at start", 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60);
  private final StateSet phase = StateSet.builder().name(PREFIX + "phase").help("What the trainer is doing")
      .states(Arrays.stream(TrainerPhase.values()).map(TrainerPhase::json).toArray(String[]::new))
      .register(registry);

  TrainerMetrics(Supplier<StatusDocument> status, String device) {
    this.status = status;
    Info.builder().name(PREFIX + "info").help("The device the trainer computes on, and its attempt")
        .labelNames("device", "attempt").register(registry)
        .setLabelValues(device, Integer.toString(status.get().attempt()));
    gauge("attempt", "Attempt number of this trainer (the fencing token)", s -> (double) s.attempt());
    gauge("target_steps", "Global step at which training ends", s -> (double) s.totalSteps());
    gauge("global_step", "Global step of the newest completed step", s -> toDouble(s.step()));
    gauge("epoch", "Epoch of the newest completed step", s -> toDouble(s.epoch()));
    gauge("loss", "Training loss of the newest step", StatusDocument::loss);
    gauge("learning_rate", "Learning rate of the newest step", StatusDocument::learningRate);
    gauge("images_per_second", "Training images per second over recent steps", StatusDocument::imagesPerSecond);
    gauge("restored_from_step", "Global step of the checkpoint this attempt resumed from",
        s -> toDouble(s.restoredFromStep()));
    gauge("last_checkpoint_step", "Global step of the newest checkpoint written",
        s -> s.lastCheckpoint() == null ? null : (double) s.lastCheckpoint().step());
    gauge("last_checkpoint_timestamp_seconds", "Unix time of the newest checkpoint written",
        s -> s.lastCheckpoint() == null ? null
            : Instant.parse(s.lastCheckpoint().time()).toEpochMilli() / 1000.0);
    evalGauge("eval_step", "Global step of the newest evaluation", e -> e.step().doubleValue());
    evalGauge("eval_mean_iou_ratio", "Mean intersection-over-union of the newest evaluation", StatusDocument.Eval::meanIoU);
    evalGauge("eval_pixel_accuracy_ratio", "Pixel accuracy of the newest evaluation", StatusDocument.Eval::pixelAccuracy);
    evalGauge("eval_box_ap_ratio", "COCO box AP (IoU 0.50:0.95) of the newest evaluation (Mask R-CNN)",
        StatusDocument.Eval::boxAP);
    evalGauge("eval_mask_ap_ratio", "COCO mask AP (IoU 0.50:0.95) of the newest evaluation (Mask R-CNN)",
        StatusDocument.Eval::maskAP);
    evalGauge("eval_box_ap50_ratio", "COCO box AP at IoU 0.50 of the newest evaluation (Mask R-CNN)",
        StatusDocument.Eval::boxAP50);
    evalGauge("eval_box_ap75_ratio", "COCO box AP at IoU 0.75 of the newest evaluation (Mask R-CNN)",
        StatusDocument.Eval::boxAP75);
    GaugeWithCallback.builder().name(PREFIX + "eval_class_iou_ratio")
        .help("Per-class intersection-over-union of the newest evaluation").labelNames("class")
        .callback(callback -> {
          StatusDocument.Eval eval = status.get().eval();
          if (eval != null && eval.perClassIoU() != null) {
            for (int c = 0; c < eval.perClassIoU().size(); c++) {
              callback.call(eval.perClassIoU().get(c), Integer.toString(c));
            }
          }
        }).register(registry);
    CounterWithCallback.builder().name(PREFIX + "badput_seconds").help("Non-productive time by category")
        .labelNames("category")
        .callback(callback -> status.get().badputSeconds().forEach((category, seconds) ->
            callback.call(seconds, category)))
        .register(registry);
    CounterWithCallback.builder().name(PREFIX + "productive_seconds")
        .help("Time in training steps, data wait excluded")
        .callback(callback -> callback.call(status.get().productiveSeconds())).register(registry);
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

  void stepCompleted(int images, double stepSeconds, double dataWaitSeconds) {
    steps.inc();
    this.images.inc(images);
    this.stepSeconds.observe(stepSeconds);
    this.dataWaitSeconds.observe(dataWaitSeconds);
  }

  void checkpointSaved(double seconds) {
    checkpointSaveSeconds.observe(seconds);
  }

  void restored(double seconds) {
    checkpointRestoreSeconds.observe(seconds);
  }

  /** A gauge that is absent while {@code value} yields null. */
  private void gauge(String name, String help, Function<StatusDocument, Double> value) {
    GaugeWithCallback.builder().name(PREFIX + name).help(help).callback(callback -> {
      Double current = value.apply(status.get());
      if (current != null) {
        callback.call(current);
      }
    }).register(registry);
  }

  /** A gauge of the newest evaluation, absent before it and while the evaluation does not report the figure. */
  private void evalGauge(String name, String help, Function<StatusDocument.Eval, Double> figure) {
    gauge(name, help, s -> s.eval() == null ? null : figure.apply(s.eval()));
  }

  private static Double toDouble(Long value) {
    return value == null ? null : value.doubleValue();
  }

  private Counter counter(String name, String help) {
    return Counter.builder().name(PREFIX + name).help(help).register(registry);
  }

  private Histogram histogram(String name, String help, double... upperBounds) {
    return Histogram.builder().name(PREFIX + name).help(help).classicOnly()
        .classicUpperBounds(upperBounds).register(registry);
  }
}
