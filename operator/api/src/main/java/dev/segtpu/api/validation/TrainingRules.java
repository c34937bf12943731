package dev.segtpu.api.validation;

import dev.segtpu.api.Architecture;
import dev.segtpu.api.EarlyStoppingSpec;
import dev.segtpu.api.LearningRateSchedule;
import dev.segtpu.api.LearningRateSpec;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.SpecLimits;
import dev.segtpu.api.TrainingSpec;
import dev.segtpu.tpu.SliceShape;
import dev.segtpu.tpu.TpuCatalog;
import java.util.List;

final class TrainingRules implements SpecRule {

  @Override
  public void check(SegmentationTrainingJobSpec spec, TpuCatalog catalog, FieldErrors errors) {
    TrainingSpec training = spec.training;
    if (training == null) {
      return;
    }
    if ((training.steps == null) == (training.epochs == null)) {
      errors.add("spec.training.steps", "set exactly one of spec.training.steps or spec.training.epochs");
    }
    if (training.epochs != null && (spec.dataset == null || spec.dataset.trainExamples == null)) {
      errors.add("spec.dataset.trainExamples",
          "is needed with spec.training.epochs to count steps; set the number of training images or use spec.training.steps");
    }
    if (errors.required("spec.training.batchSize", training.batchSize, "set the global batch size, e.g. 64")) {
      checkBatchSplit(spec, catalog, training.batchSize, errors);
    }
    if (training.learningRate != null) {
      checkLearningRate(training, errors);
    }
    if (training.earlyStopping != null) {
      checkEarlyStopping(spec, catalog, errors);
    }
  }

  /**
   * The metric must be one the model's evaluation reports, evaluations must happen during training, and
   * the trainer acts on it on a single host only (worker 0 alone evaluates).
   */
  private static void checkEarlyStopping(SegmentationTrainingJobSpec spec, TpuCatalog catalog, FieldErrors errors) {
    EarlyStoppingSpec early = spec.training.earlyStopping;
    String field = "spec.training.earlyStopping";
    Architecture architecture = spec.model == null || spec.model.architecture == null ? Architecture.DEEPLAB_V3_PLUS
        : spec.model.architecture;
    List<String> metrics = EarlyStoppingSpec.metricsOf(architecture);
    if (errors.required(field + ".metric", early.metric, "use one of " + String.join(", ", metrics))
        && !metrics.contains(early.metric)) {
      errors.add(field + ".metric", "must be a metric " + architecture.value() + " reports: " + String.join(", ", metrics)
          + "; got '" + early.metric + "'");
    }
    if (spec.training.evalIntervalSteps == null) {
      errors.add(field, "needs evaluations during training: set spec.training.evalIntervalSteps (e.g. 1000) or remove earlyStopping");
    }
    if (spec.tpu != null && spec.tpu.generation != null && spec.tpu.topology != null) {
      catalog.slice(spec.tpu.generation, spec.tpu.topology)
          .map(shape -> shape.hosts() * spec.tpu.slicesOrDefault())
          .filter(hosts -> hosts > 1)
          .ifPresent(hosts -> errors.add(field, "works on single-host jobs only (this one has " + hosts
              + " hosts: worker 0 alone evaluates); remove earlyStopping or use a single-host topology"));
    }
  }

  /**
   * Each TPU host of every slice trains on batch / (slices × hosts) examples; an uneven split would leave
   * hosts unequal.
   */
  private static void checkBatchSplit(SegmentationTrainingJobSpec spec, TpuCatalog catalog, int batchSize,
                                      FieldErrors errors) {
    if (spec.tpu == null || spec.tpu.generation == null || spec.tpu.topology == null) {
      return;
    }
    int slices = spec.tpu.slicesOrDefault();
    if (slices < 1 || slices > SpecLimits.MAX_SLICES) {
      return;  // the bound on spec.tpu.slices says what is wrong
    }
    catalog.slice(spec.tpu.generation, spec.tpu.topology)
        .map(SliceShape::hosts)
        .filter(hosts -> batchSize % ((long) hosts * slices) != 0)
        .ifPresent(hosts -> errors.add("spec.training.batchSize", slices == 1
            ? "must be a multiple of the slice's " + hosts + " hosts (each host trains on batchSize/hosts images), got " + batchSize
            : "must be a multiple of spec.tpu.slices × hosts per slice = " + slices + " × " + hosts + " = " + (long) slices * hosts
                + " (each host of every slice trains on an equal share), got " + batchSize
                + "; change spec.training.batchSize or spec.tpu.slices"));
  }

  private static void checkLearningRate(TrainingSpec training, FieldErrors errors) {
    LearningRateSpec lr = training.learningRate;
    String field = "spec.training.learningRate";
    if (lr.warmupSteps != null && training.steps != null && lr.warmupSteps >= training.steps) {
      errors.add(field + ".warmupSteps", "must be below spec.training.steps (" + training.steps + "), got " + lr.warmupSteps);
    }
    boolean stepwise = lr.scheduleOrDefault() == LearningRateSchedule.STEPWISE;
    if (!stepwise && (lr.boundaries != null || lr.multipliers != null)) {
      errors.add(field + ".boundaries", "belongs to the stepwise schedule; remove boundaries/multipliers or set schedule: stepwise");
      return;
    }
    List<Long> boundaries = lr.boundaries == null ? List.of() : lr.boundaries;
    int multipliers = lr.multipliers == null ? 0 : lr.multipliers.size();
    if (multipliers != boundaries.size()) {
      errors.add(field + ".multipliers", "must have one entry per boundary (" + boundaries.size() + "), got " + multipliers);
    }
    for (int i = 0; i < boundaries.size(); i++) {
      if (boundaries.get(i) == null || boundaries.get(i) < 1 || boundaries.get(i) > SpecLimits.MAX_STEPS) {
        errors.add(field + ".boundaries[" + i + "]", "must be a step in 1.." + SpecLimits.MAX_STEPS + ", got " + boundaries.get(i));
        return;
      }
    }
    for (int i = 0; lr.multipliers != null && i < lr.multipliers.size(); i++) {
      Double multiplier = lr.multipliers.get(i);
      if (multiplier == null || multiplier < 0 || multiplier > 10) {
        errors.add(field + ".multipliers[" + i + "]", "must be a multiple of base in 0..10, got " + multiplier);
        return;
      }
    }
    for (int i = 1; i < boundaries.size(); i++) {
      if (boundaries.get(i) <= boundaries.get(i - 1)) {
        errors.add(field + ".boundaries", "must be strictly increasing, but entry " + i + " (" + boundaries.get(i)
            + ") does not exceed entry " + (i - 1) + " (" + boundaries.get(i - 1) + ")");
        break;
      }
    }
  }
}
