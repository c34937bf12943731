package dev.segtpu.trainer.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.segtpu.api.CheckpointSpec;
import dev.segtpu.api.EarlyStoppingSpec;
import dev.segtpu.api.LearningRateSchedule;
import dev.segtpu.api.LearningRateSpec;
import dev.segtpu.api.OnUnrestorable;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.TpuGeneration;
import dev.segtpu.api.validation.SpecValidator;
import dev.segtpu.contract.StatusDocument;
import dev.segtpu.contract.TrainerContract;
import dev.segtpu.contract.TrainerExit;
import dev.segtpu.operator.gang.EndingKind;
import dev.segtpu.operator.gang.NodeLiveness;
import dev.segtpu.operator.gang.PodEnding;
import dev.segtpu.operator.gang.PodEndingClassifier;
import dev.segtpu.operator.testing.PodStates;
import dev.segtpu.operator.workload.AttemptPlan;
import dev.segtpu.operator.workload.TrainerEnvironment;
import dev.segtpu.tpu.TpuCatalog;
import dev.segtpu.trainer.config.Setting;
import dev.segtpu.trainer.config.TrainerConfig;
import dev.segtpu.trainer.config.TrainerConfigParser;
import dev.segtpu.trainer.telemetry.TrainerPhase;
import dev.segtpu.trainer.telemetry.TrainerTelemetry;
import dev.segtpu.trainer.train.EarlyStopping;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The operator and this trainer agree on the contract: what the operator writes into a worker's
 * environment for a valid spec, the trainer reads as the same values; what the trainer reports, the
 * operator reads without a field it does not know; every exit code the trainer can produce, the
 * operator classifies as {@link TrainerExit} says. Both sides use the contract module's names, so this
 * checks the meaning, not the spelling.
 */
class ContractAgreementTest {

  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final String POD_IP = "10.0.0.7";
  private static final String UID = "0b5c6a3e-1111-2222-3333-444455556666";
  private static final TpuCatalog CATALOG = TpuCatalog.load();

  private static SegmentationTrainingJob example(String file) throws IOException {
    SegmentationTrainingJob job = Serialization.unmarshal(Files.readString(EXAMPLES.resolve(file)), SegmentationTrainingJob.class);
    job.getMetadata().setUid(UID);
    if (job.getMetadata().getNamespace() == null) {
      job.getMetadata().setNamespace("ml");
    }
    return job;
  }

  /** The worker's environment as the kubelet gives it: values, and the pod IP for the downward API. */
  private static Map<String, String> environment(SegmentationTrainingJob job, int worker, String interval) {
    SegmentationTrainingJobSpec spec = job.getSpec();
    assertThat(new SpecValidator(CATALOG).validate(spec)).as("the spec is valid").isEmpty();
    AttemptPlan plan = new AttemptPlan(job, spec, CATALOG.requireSlice(spec.tpu.generation, spec.tpu.topology), 2,
        spec.tpu.provisioning, interval);
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var : TrainerEnvironment.of(plan, worker, TrainerContract.DEFAULT_STATUS_PORT)) {
      if (var.getValueFrom() != null) {
        assertThat(var.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
        env.put(var.getName(), POD_IP);
      } else {
        env.put(var.getName(), var.getValue());
      }
    }
    return env;
  }

  private static TrainerConfig parse(Map<String, String> env) {
    return TrainerConfigParser.parse(env, new String[0]);
  }

  @Test
  void everyVariableTheOperatorWritesIsOneThisTrainerReads() throws IOException {
    for (String file : List.of("deeplab-voc.yaml", "quick-deeplab-synthetic.yaml", "maskrcnn-coco.yaml", "quick-deeplab-2slice.yaml")) {
      SegmentationTrainingJob job = example(file);
      for (int worker = 0; worker < CATALOG.requireSlice(job.getSpec().tpu.generation, job.getSpec().tpu.topology).hosts(); worker++) {
        for (String name : environment(job, worker, "300s").keySet()) {
          assertThat(Setting.byEnvironmentVariable(name)).as("%s: %s", file, name).isPresent();
        }
      }
    }
  }

  @Test
  void theDeepLabReferenceSpecReachesTheTrainerAsWritten() throws IOException {
    SegmentationTrainingJob job = example("deeplab-voc.yaml");
    SegmentationTrainingJobSpec spec = job.getSpec();

    TrainerConfig config = parse(environment(job, 0, "300s"));

    assertThat(config.attempt()).isEqualTo(2);
    assertThat(config.totalSteps()).isEqualTo(spec.training.totalSteps(spec.dataset.trainExamples));
    assertThat(config.batchSize()).isEqualTo(spec.training.batchSize);
    assertThat(config.imageSize()).isEqualTo(spec.model.imageSizeOrDefault());
    assertThat(config.model().numClasses()).isEqualTo(spec.model.numClassesOrDefault());
    assertThat(config.deepLab().outputStride()).isEqualTo(spec.model.outputStrideOrDefault());
    assertThat(config.deepLab().backbone().contractName()).isEqualTo(spec.model.backboneOrDefault().value());
    assertThat(config.trainInput().dataDir()).isEqualTo(Path.of("/data"));
    assertThat(config.trainInput().filePattern()).isEqualTo(spec.dataset.trainFilePattern);
    assertThat(config.evalInput().filePattern()).isEqualTo(spec.dataset.evalFilePattern);
    assertThat(config.seed()).isEqualTo(spec.training.seed == null ? 0 : spec.training.seed);
    assertThat(config.checkpointDir()).isEqualTo(Path.of("/checkpoints/ml/" + job.getMetadata().getName() + "/" + UID));
    assertThat(config.checkpointInterval().time()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.checkpointKeep()).isEqualTo(spec.checkpoint.keepOrDefault());
    assertThat(config.bindAddress()).isEqualTo(POD_IP);
    assertThat(config.statusPort()).isEqualTo(TrainerContract.DEFAULT_STATUS_PORT);
    assertThat(config.optimizer().momentum()).isEqualTo(spec.training.momentum == null ? 0.9 : spec.training.momentum);
    LearningRateSpec lr = spec.training.learningRate == null ? new LearningRateSpec() : spec.training.learningRate;
    double base = lr.base == null ? 0.01 : lr.base;
    double power = lr.power == null ? 0.9 : lr.power;
    for (long step : new long[] {0, 1, config.totalSteps() / 2, config.totalSteps() - 1}) {
      assertThat(config.schedule().at(step)).as("learning rate at %d", step)
          .isCloseTo(base * Math.pow(1 - (double) step / config.totalSteps(), power), org.assertj.core.data.Offset.offset(1e-12));
    }
  }

  @Test
  void aStepwiseScheduleWithWarmUpWeightDecayAndSeedReachesTheTrainerAsWritten() throws IOException {
    SegmentationTrainingJob job = example("deeplab-voc.yaml");
    SegmentationTrainingJobSpec spec = job.getSpec();
    spec.training.steps = 22_500L;
    spec.training.epochs = null;
    spec.training.weightDecay = 0.00004;
    spec.training.momentum = 0.95;
    spec.training.seed = 42L;
    spec.training.evalIntervalSteps = 2500L;
    spec.training.learningRate = new LearningRateSpec();
    spec.training.learningRate.schedule = LearningRateSchedule.STEPWISE;
    spec.training.learningRate.base = 0.08;
    spec.training.learningRate.warmupSteps = 500L;
    spec.training.learningRate.warmupLearningRate = 0.0067;
    spec.training.learningRate.boundaries = List.of(15_000L, 20_000L);
    spec.training.learningRate.multipliers = List.of(0.1, 0.01);

    TrainerConfig config = parse(environment(job, 0, "2000steps"));

    assertThat(config.optimizer().weightDecay()).isEqualTo(0.00004);
    assertThat(config.optimizer().momentum()).isEqualTo(0.95);
    assertThat(config.seed()).isEqualTo(42L);
    assertThat(config.evalIntervalSteps()).isEqualTo(2500L);
    assertThat(config.checkpointInterval().steps()).isEqualTo(2000L);
    var offset = org.assertj.core.data.Offset.offset(1e-12);
    assertThat(config.schedule().at(0)).isCloseTo(0.0067, offset);
    assertThat(config.schedule().at(250)).isCloseTo(0.0067 + (0.08 - 0.0067) * 250 / 500, offset);
    assertThat(config.schedule().at(500)).isCloseTo(0.08, offset);
    assertThat(config.schedule().at(14_999)).isCloseTo(0.08, offset);
    assertThat(config.schedule().at(15_000)).isCloseTo(0.008, offset);
    assertThat(config.schedule().at(20_000)).isCloseTo(0.0008, offset);
  }

  @Test
  void resumeFromAndOnUnrestorableReachTheTrainer() throws IOException {
    SegmentationTrainingJob job = example("quick-deeplab-synthetic.yaml");
    job.getSpec().checkpoint.resumeFrom = new CheckpointSpec.ResumeFrom();
    job.getSpec().checkpoint.resumeFrom.jobName = "earlier";
    job.getSpec().checkpoint.resumeFrom.jobUID = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";
    job.getSpec().checkpoint.onUnrestorable = OnUnrestorable.START_OVER;

    TrainerConfig config = parse(environment(job, 0, "50steps"));

    assertThat(config.resumeFromDir()).hasValue(Path.of("/checkpoints/" + job.getMetadata().getNamespace()
        + "/earlier/1b4e28ba-2fa1-11d2-883f-0016d3cca427"));
    assertThat(config.onUnrestorable().contractName()).isEqualTo(OnUnrestorable.START_OVER.value());
  }

  @Test
  void aMultiHostGangIsOneGroupOfWorkersWithTheirShareOfTheBatchAndTheOperatorsPeerList() throws IOException {
    SegmentationTrainingJob job = example("deeplab-voc.yaml");
    job.getSpec().tpu.generation = TpuGeneration.V5P;
    job.getSpec().tpu.topology = "2x2x2";

    for (int worker = 0; worker < 2; worker++) {
      Map<String, String> env = environment(job, worker, "300s");
      assertThat(env).containsEntry(TrainerContract.WORKER_COUNT, "2").containsEntry(TrainerContract.WORKER_ID, String.valueOf(worker))
          .containsEntry(TrainerContract.TPU_WORKER_ID, String.valueOf(worker));
      TrainerConfig config = parse(env);
      assertThat(config.workers()).isEqualTo(2);
      assertThat(config.worker()).isEqualTo(worker);
      assertThat(config.globalBatchSize()).isEqualTo(job.getSpec().training.batchSize);
      assertThat(config.batchSize()).isEqualTo(job.getSpec().training.batchSize / 2);
      assertThat(config.peers()).hasValueSatisfying(group -> {
        assertThat(group.hosts()).containsExactly(env.get(TrainerContract.TPU_WORKER_HOSTNAMES).split(","));
        assertThat(group.port()).isEqualTo(TrainerContract.DEFAULT_COLLECTIVE_PORT);
      });
    }
  }

  @Test
  void earlyStoppingReachesTheTrainerAsWritten() throws IOException {
    SegmentationTrainingJob job = example("quick-deeplab-synthetic.yaml");
    job.getSpec().training.earlyStopping = new EarlyStoppingSpec();
    job.getSpec().training.earlyStopping.metric = StatusDocument.PIXEL_ACCURACY;
    job.getSpec().training.earlyStopping.patience = 5;
    job.getSpec().training.earlyStopping.minDelta = 0.0005;

    Map<String, String> env = environment(job, 0, "50steps");
    TrainerConfig config = parse(env);

    assertThat(env).containsKeys(TrainerContract.EARLY_STOP_METRIC, TrainerContract.EARLY_STOP_PATIENCE,
        TrainerContract.EARLY_STOP_MIN_DELTA);
    assertThat(config.earlyStopping()).hasValue(new EarlyStopping(StatusDocument.PIXEL_ACCURACY, 5, 0.0005));
  }

  @Test
  void earlyStoppingWithOnlyAMetricGetsTheSpecsDefaultsInTheTrainer() throws IOException {
    SegmentationTrainingJob job = example("quick-deeplab-synthetic.yaml");
    job.getSpec().training.earlyStopping = new EarlyStoppingSpec();
    job.getSpec().training.earlyStopping.metric = StatusDocument.MEAN_IOU;

    TrainerConfig config = parse(environment(job, 0, "50steps"));

    assertThat(config.earlyStopping()).hasValue(new EarlyStopping(StatusDocument.MEAN_IOU, EarlyStoppingSpec.DEFAULT_PATIENCE, 0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1x1", "2x4"})
  void aMultisliceJobsWorkersAreOneGroupThatAgreesWithTheirSliceVariables(String topology) throws IOException {
    SegmentationTrainingJob job = example("quick-deeplab-2slice.yaml");
    job.getSpec().tpu.topology = topology;
    int slices = job.getSpec().tpu.slicesOrDefault();
    int hostsPerSlice = CATALOG.requireSlice(job.getSpec().tpu.generation, topology).hosts();

    for (int worker = 0; worker < slices * hostsPerSlice; worker++) {
      Map<String, String> env = environment(job, worker, "300s");
      TrainerConfig config = parse(env);

      int slice = worker / hostsPerSlice;
      assertThat(config.workers()).isEqualTo(slices * hostsPerSlice)
          .isEqualTo(Integer.parseInt(env.get(TrainerContract.MEGASCALE_NUM_SLICES)) * hostsPerSlice);
      assertThat(config.worker()).isEqualTo(worker);
      assertThat(env).containsEntry(TrainerContract.MEGASCALE_SLICE_ID, String.valueOf(slice))
          .containsEntry(TrainerContract.MEGASCALE_PORT, String.valueOf(TrainerContract.DEFAULT_MEGASCALE_PORT));
      assertThat(config.globalBatchSize()).isEqualTo(job.getSpec().training.batchSize);
      List<String> group = config.peers().orElseThrow().hosts();
      assertThat(env.get(TrainerContract.MEGASCALE_COORDINATOR_ADDRESS))
          .as("worker 0 of slice 0 coordinates").isEqualTo(group.get(0) + ":" + TrainerContract.DEFAULT_MEGASCALE_PORT);
      if (hostsPerSlice > 1) {
        assertThat(env).containsEntry(TrainerContract.TPU_WORKER_ID, String.valueOf(worker % hostsPerSlice))
            .containsEntry(TrainerContract.TPU_NAME, job.getMetadata().getName() + "-slice-" + slice);
        assertThat(env.get(TrainerContract.TPU_WORKER_HOSTNAMES).split(","))
            .as("the slice's hosts are its part of the job's group")
            .containsExactlyElementsOf(group.subList(slice * hostsPerSlice, (slice + 1) * hostsPerSlice));
      } else {
        assertThat(env).doesNotContainKeys(TrainerContract.TPU_WORKER_ID, TrainerContract.TPU_WORKER_HOSTNAMES,
            TrainerContract.TPU_NAME);
      }
    }
  }

  @Test
  void whatThisTrainerReportsTheOperatorReadsWithoutAnUnknownField() throws Exception {
    try (TrainerTelemetry telemetry = TrainerTelemetry.start("127.0.0.1", 0, 3, 600, "/device:CPU:0")) {
      telemetry.phase(TrainerPhase.TRAINING);
      telemetry.stepCompleted(120, 1, 0.5, 0.01, 8, 0.2, 0.01);
      telemetry.restored(100, 2, "2026-11-28T09:00:00Z", 0.3);
      telemetry.checkpointSaved(120, 3, java.time.Instant.parse("2026-11-28T09:05:00Z"), 0.4);
      telemetry.evaluated(120, 0.5, 0.8, new double[] {0.9, 0.1}, 1.5);

      StatusDocument read = readStrictly(telemetry.status());

      assertThat(read.attempt()).isEqualTo(3);
      assertThat(read.restoredFromStep()).isEqualTo(100L);
      assertThat(read.eval().perClassIoU()).containsExactly(0.9, 0.1);
    }
  }

  @Test
  void aBestCheckpointAndAnEarlyStopReachTheOperatorWithoutAnUnknownField() throws Exception {
    try (TrainerTelemetry telemetry = TrainerTelemetry.start("127.0.0.1", 0, 2, 600, "/device:CPU:0")) {
      telemetry.phase(TrainerPhase.TRAINING);
      telemetry.stepCompleted(400, 6, 0.4, 0.01, 8, 0.2, 0.01);
      telemetry.checkpointSaved(400, 2, java.time.Instant.parse("2026-11-28T09:05:00Z"), 0.4);
      telemetry.evaluated(400, 0.41, 0.8, new double[] {0.9, 0.1}, 1.5);
      telemetry.best(200, 1, StatusDocument.MEAN_IOU, 0.43);
      telemetry.earlyStopped();
      telemetry.phase(TrainerPhase.DONE);

      StatusDocument read = readStrictly(telemetry.status());

      assertThat(read.phase()).isEqualTo(StatusDocument.PHASE_DONE);
      assertThat(read.bestCheckpoint()).isEqualTo(new StatusDocument.BestCheckpoint(200L, 1, StatusDocument.MEAN_IOU, 0.43));
      assertThat(read.earlyStopped()).isTrue();
    }
  }

  /** The document as the trainer serves it, read back refusing any field the contract's record lacks. */
  private static StatusDocument readStrictly(StatusDocument written) throws IOException {
    StatusDocument read = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
        .readValue(written.toJson(), StatusDocument.class);
    assertThat(read).isEqualTo(written);
    return read;
  }

  @ParameterizedTest
  @EnumSource(TrainerExit.class)
  void theOperatorReactsToEveryExitCodeAsTheContractSays(TrainerExit exit) {
    Pod pod = PodStates.exited(exit.code(), exit == TrainerExit.SUCCEEDED ? "Completed" : "Error").apply(
        new PodBuilder().withNewMetadata().withName("job-a1-w0").endMetadata().withNewSpec().withNodeName("n1").endSpec().build());

    PodEnding ending = new PodEndingClassifier(NodeLiveness.UNKNOWN).classify(pod, Set.of()).orElseThrow();

    EndingKind expected = switch (exit.reaction()) {
      case SUCCEED -> EndingKind.SUCCEEDED;
      case RESTART_FROM_CHECKPOINT -> EndingKind.PREEMPTED;
      case FAIL_AT_ONCE -> EndingKind.CONFIGURATION_FAILED;
      case RETRY_WITH_BACKOFF -> EndingKind.TRAINER_FAILED;
    };
    assertThat(ending.kind()).as("exit %d", exit.code()).isEqualTo(expected);
    assertThat(ending.reason()).as("exit %d", exit.code()).isEqualTo(exit.reason());
  }
}
