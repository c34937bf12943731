package dev.segtpu.operator.workload;

import static dev.segtpu.contract.TrainerContract.*;

import dev.segtpu.api.Architecture;
import dev.segtpu.api.DatasetSpec;
import dev.segtpu.api.LearningRateSpec;
import dev.segtpu.api.ModelSpec;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.TrainingSpec;
import dev.segtpu.tpu.TpuSlices;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The trainer contract (docs/trainer-contract.md) as the environment of one worker. Optional settings
 * the user left unset are left out, so the trainer's own defaults apply.
 *
 * <p>A worker sees the job twice: as the slice it belongs to ({@code TPU_*}: its host index and its slice's
 * hosts, which is what the TPU runtime of one slice expects) and as the whole job ({@code SEGTPU_WORKER_*},
 * {@code SEGTPU_PEER_HOSTNAMES}: every host of every slice, slice-major, the data-parallel group our trainer
 * forms). Multislice jobs add the {@code MEGASCALE_*} variables that join the slices.
 */
public final class TrainerEnvironment {

  public static final String SCRATCH_PATH = "/scratch";

  private TrainerEnvironment() {}

  public static List<EnvVar> of(AttemptPlan plan, int worker, int statusPort) {
    SegmentationTrainingJobSpec spec = plan.spec();
    Env env = new Env();
    env.put(JOB_NAME, plan.jobName());
    env.put(JOB_NAMESPACE, plan.namespace());
    env.put(ATTEMPT, plan.attempt());
    TpuSlices slices = plan.slices();
    env.put(WORKER_ID, worker);
    env.put(WORKER_COUNT, slices.workers());
    if (slices.shape().multiHost()) {
      int slice = slices.sliceOf(worker);
      env.put(TPU_WORKER_ID, slices.hostOf(worker));
      env.put(TPU_WORKER_HOSTNAMES, addresses(plan, slices.worker(slice, 0), slices.hostsPerSlice()));
      env.put(TPU_NAME, slices.multislice() ? plan.jobName() + "-slice-" + slice : plan.jobName());
    }
    if (slices.multislice()) {
      env.put(MEGASCALE_COORDINATOR_ADDRESS, GangNames.workerAddress(plan.jobName(), 0) + ":" + DEFAULT_MEGASCALE_PORT);
      env.put(MEGASCALE_PORT, DEFAULT_MEGASCALE_PORT);
      env.put(MEGASCALE_NUM_SLICES, slices.count());
      env.put(MEGASCALE_SLICE_ID, slices.sliceOf(worker));
    }
    if (slices.severalWorkers()) {
      env.put(PEER_HOSTNAMES, addresses(plan, 0, slices.workers()));
      env.put(COLLECTIVE_PORT, DEFAULT_COLLECTIVE_PORT);
    }
    model(env, spec.model);
    dataset(env, spec.dataset);
    training(env, spec.training, spec.dataset);
    env.put(CHECKPOINT_DIR, CheckpointLocation.of(plan.job()));
    CheckpointLocation.resumeFrom(plan.job(), spec.checkpoint).ifPresent(dir -> env.put(RESUME_FROM_DIR, dir));
    if (spec.checkpoint.onUnrestorable != null) {
      env.put(CHECKPOINT_ON_UNRESTORABLE, spec.checkpoint.onUnrestorable.value());
    }
    env.put(CHECKPOINT_INTERVAL, plan.checkpointInterval());
    env.put(CHECKPOINT_KEEP, spec.checkpoint.keepOrDefault());
    env.put(STATUS_PORT, statusPort);
    env.vars.add(new EnvVarBuilder().withName(BIND_ADDRESS)
        .withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP").endFieldRef().endValueFrom().build());
    env.put(SCRATCH_DIR, SCRATCH_PATH);
    if (spec.trainer != null && spec.trainer.env != null) {
      env.vars.addAll(spec.trainer.env);
    }
    return env.vars;
  }

  /** The stable names of {@code count} workers from {@code first} on, comma-separated. */
  private static String addresses(AttemptPlan plan, int first, int count) {
    return IntStream.range(first, first + count)
        .mapToObj(i -> GangNames.workerAddress(plan.jobName(), i))
        .collect(Collectors.joining(","));
  }

  private static void model(Env env, ModelSpec model) {
    env.put(MODEL, model.architecture.value());
    env.put(BACKBONE, model.backboneOrDefault().value());
    env.put(NUM_CLASSES, model.numClassesOrDefault());
    env.put(IMAGE_SIZE, model.imageSizeOrDefault());
    if (model.architecture == Architecture.DEEPLAB_V3_PLUS) {
      env.put(OUTPUT_STRIDE, model.outputStrideOrDefault());
    }
  }

  private static void dataset(Env env, DatasetSpec dataset) {
    env.put(DATASET_FORMAT, dataset.format.value());
    if (dataset.source != null) {
      env.put(DATA_DIR, MountedStorage.DATA_PATH);
    }
    env.putIfSet(TRAIN_FILE_PATTERN, dataset.trainFilePattern);
    env.putIfSet(EVAL_FILE_PATTERN, dataset.evalFilePattern);
    env.putIfSet(TRAIN_EXAMPLES, dataset.trainExamples);
  }

  private static void training(Env env, TrainingSpec training, DatasetSpec dataset) {
    env.put(TOTAL_STEPS, training.totalSteps(dataset.trainExamples));
    env.put(BATCH_SIZE, training.batchSize);
    LearningRateSpec lr = training.learningRate;
    env.put(LR_SCHEDULE, (lr == null ? new LearningRateSpec() : lr).scheduleOrDefault().value());
    if (lr != null) {
      env.putIfSet(LR_BASE, lr.base);
      env.putIfSet(LR_POWER, lr.power);
      env.putIfSet(LR_WARMUP_STEPS, lr.warmupSteps);
      env.putIfSet(LR_WARMUP_RATE, lr.warmupLearningRate);
      if (lr.boundaries != null && !lr.boundaries.isEmpty()) {
        env.put(LR_BOUNDARIES, lr.boundaries.stream().map(String::valueOf).collect(Collectors.joining(",")));
      }
      if (lr.multipliers != null && !lr.multipliers.isEmpty()) {
        env.put(LR_MULTIPLIERS, lr.multipliers.stream().map(TrainerEnvironment::number).collect(Collectors.joining(",")));
      }
    }
    env.putIfSet(MOMENTUM, training.momentum);
    env.putIfSet(WEIGHT_DECAY, training.weightDecay);
    env.putIfSet(EVAL_INTERVAL_STEPS, training.evalIntervalSteps);
    env.putIfSet(SEED, training.seed);
    if (training.earlyStopping != null) {
      env.put(EARLY_STOP_METRIC, training.earlyStopping.metric);
      env.put(EARLY_STOP_PATIENCE, training.earlyStopping.patienceOrDefault());
      env.putIfSet(EARLY_STOP_MIN_DELTA, training.earlyStopping.minDelta == null ? null : number(training.earlyStopping.minDelta));
    }
  }

  /** Decimal notation without exponent or trailing zeros: 0.0001, not 1.0E-4. */
  static String number(Object value) {
    if (value instanceof Double d) {
      return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    return String.valueOf(value);
  }

  private static final class Env {
    final List<EnvVar> vars = new ArrayList<>();

    void put(String name, Object value) {
      vars.add(new EnvVar(name, number(value), null));
    }

    void putIfSet(String name, Object value) {
      if (value != null) {
        put(name, value);
      }
    }
  }
}
