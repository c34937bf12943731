package dev.segtpu.trainer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segtpu.contract.TrainerInterval;
import dev.segtpu.trainer.input.DatasetFormat;
import dev.segtpu.trainer.model.deeplab.BackboneKind;
import dev.segtpu.trainer.train.RecomputePolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerConfigParserTest {

  private static Map<String, String> contract() {
    Map<String, String> env = new HashMap<>();
    env.put("SEGTPU_JOB_NAME", "voc");
    env.put("SEGTPU_JOB_NAMESPACE", "ml");
    env.put("SEGTPU_ATTEMPT", "2");
    env.put("SEGTPU_WORKER_ID", "0");
    env.put("SEGTPU_WORKER_COUNT", "1");
    env.put("SEGTPU_MODEL", "deeplabv3plus");
    env.put("SEGTPU_BACKBONE", "resnet101");
    env.put("SEGTPU_NUM_CLASSES", "21");
    env.put("SEGTPU_IMAGE_SIZE", "513");
    env.put("SEGTPU_OUTPUT_STRIDE", "16");
    env.put("SEGTPU_DATASET_FORMAT", "voc-tfrecord");
    env.put("SEGTPU_DATA_DIR", "/data");
    env.put("SEGTPU_TRAIN_FILE_PATTERN", "train-*");
    env.put("SEGTPU_EVAL_FILE_PATTERN", "val-*");
    env.put("SEGTPU_TOTAL_STEPS", "20000");
    env.put("SEGTPU_BATCH_SIZE", "64");
    env.put("SEGTPU_LR_SCHEDULE", "poly");
    env.put("SEGTPU_LR_BASE", "0.01");
    env.put("SEGTPU_LR_POWER", "0.9");
    env.put("SEGTPU_MOMENTUM", "0.9");
    env.put("SEGTPU_WEIGHT_DECAY", "0.0001");
    env.put("SEGTPU_CHECKPOINT_DIR", "/checkpoints/ml/voc");
    env.put("SEGTPU_CHECKPOINT_INTERVAL", "2000steps");
    env.put("SEGTPU_CHECKPOINT_KEEP", "3");
    env.put("SEGTPU_STATUS_PORT", "8471");
    env.put("SEGTPU_BIND_ADDRESS", "10.0.0.7");
    env.put("SEGTPU_SCRATCH_DIR", "/scratch");
    env.put("PATH", "/usr/bin");
    return env;
  }

  @Test
  void theOperatorsEnvironmentBecomesTheReferenceConfiguration() {
    TrainerConfig config = TrainerConfigParser.parse(contract(), new String[0]);
    assertThat(config.attempt()).isEqualTo(2);
    assertThat(config.deepLab().backbone()).isEqualTo(BackboneKind.RESNET101);
    assertThat(config.deepLab().asppRates()).containsExactly(6, 12, 18);
    assertThat(config.trainInput().format()).isEqualTo(DatasetFormat.VOC_TFRECORD);
    assertThat(config.trainInput().filePattern()).isEqualTo("train-*");
    assertThat(config.evalInput().filePattern()).isEqualTo("val-*");
    assertThat(config.batchSize()).isEqualTo(64);
    assertThat(config.schedule().at(0)).isEqualTo(0.01);
    assertThat(config.schedule().at(10_000)).isCloseTo(0.01 * Math.pow(0.5, 0.9), org.assertj.core.api.Assertions.within(1e-12));
    assertThat(config.checkpointDir()).isEqualTo(Path.of("/checkpoints/ml/voc"));
    assertThat(config.checkpointInterval()).isEqualTo(TrainerInterval.everySteps(2000));
    assertThat(config.bindAddress()).isEqualTo("10.0.0.7");
  }

  @Test
  void earlyStoppingIsOffUnlessAMetricIsSetAndItsSettingsAreChecked() {
    assertThat(TrainerConfigParser.parse(contract(), new String[0]).earlyStopping()).isEmpty();
    Map<String, String> env = contract();
    env.put("SEGTPU_EARLY_STOP_METRIC", "meanIoU");
    env.put("SEGTPU_EARLY_STOP_PATIENCE", "4");
    env.put("SEGTPU_EARLY_STOP_MIN_DELTA", "0.002");
    assertThat(TrainerConfigParser.parse(env, new String[0]).earlyStopping())
        .contains(new dev.segtpu.trainer.train.EarlyStopping("meanIoU", 4, 0.002));

    env.put("SEGTPU_EARLY_STOP_METRIC", "maskAP");
    assertThatThrownBy(() -> TrainerConfigParser.parse(env, new String[0])).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SEGTPU_EARLY_STOP_METRIC").hasMessageContaining("meanIoU, pixelAccuracy");
    env.put("SEGTPU_EARLY_STOP_METRIC", "meanIoU");
    env.put("SEGTPU_EARLY_STOP_PATIENCE", "0");
    assertThatThrownBy(() -> TrainerConfigParser.parse(env, new String[0])).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SEGTPU_EARLY_STOP_PATIENCE");
    Map<String, String> noMetric = contract();
    noMetric.put("SEGTPU_EARLY_STOP_PATIENCE", "2");
    assertThatThrownBy(() -> TrainerConfigParser.parse(noMetric, new String[0])).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SEGTPU_EARLY_STOP_METRIC").hasMessageContaining("must be set");
  }

  @Test
  void batchNormAveragesCatchUpInShortRunsAndFollowTheReferenceInLongOnes() {
    Map<String, String> env = contract();
    env.put("SEGTPU_TOTAL_STEPS", "20000");
    assertThat(TrainerConfigParser.parse(env, new String[0]).model().batchNormDecay()).isEqualTo(0.9997f);
    env.put("SEGTPU_TOTAL_STEPS", "200");
    float shortRun = TrainerConfigParser.parse(env, new String[0]).model().batchNormDecay();
    assertThat(shortRun).isEqualTo(0.975f);
    assertThat(Math.pow(shortRun, 200)).as("share of the initial value left after the run").isLessThan(0.01);
    env.put("SEGTPU_TOTAL_STEPS", "4");
    assertThat(TrainerConfigParser.parse(env, new String[0]).model().batchNormDecay()).isEqualTo(0.5f);
  }

  @Test
  void aFlagConfiguresALocalRunWhereTheVariableIsUnsetAndMayRepeatOneThatIsSet() {
    Map<String, String> env = contract();
    env.remove("SEGTPU_CHECKPOINT_INTERVAL");
    env.remove("SEGTPU_OUTPUT_STRIDE");
    TrainerConfig config = TrainerConfigParser.parse(env, new String[] {"--checkpoint-interval", "600s", "--output-stride", "8",
        "--attempt", "2"});
    assertThat(config.checkpointInterval()).isEqualTo(TrainerInterval.every(Duration.ofSeconds(600)));
    assertThat(config.deepLab().asppRates()).containsExactly(12, 24, 36);
    assertThat(config.attempt()).isEqualTo(2);
  }

  @Test
  void aFlagContradictingTheOperatorsVariableIsAConfigurationErrorSoArgsCannotDefeatFencing() {
    assertThatThrownBy(() -> TrainerConfigParser.parse(contract(), new String[] {"--attempt=999"}))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("--attempt=999").hasMessageContaining("SEGTPU_ATTEMPT=2");
    assertThatThrownBy(() -> TrainerConfigParser.parse(contract(), new String[] {"--checkpoint-dir", "/elsewhere"}))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("--checkpoint-dir=/elsewhere").hasMessageContaining("SEGTPU_CHECKPOINT_DIR=/checkpoints/ml/voc");
  }

  @Test
  void damagedCheckpointsFailByDefaultAndStartOverOnlyWhenAskedTo() {
    assertThat(TrainerConfigParser.parse(contract(), new String[0]).onUnrestorable()).isEqualTo(OnUnrestorable.FAIL);
    Map<String, String> env = contract();
    env.put("SEGTPU_CHECKPOINT_ON_UNRESTORABLE", "start-over");
    assertThat(TrainerConfigParser.parse(env, new String[0]).onUnrestorable()).isEqualTo(OnUnrestorable.START_OVER);
    env.put("SEGTPU_CHECKPOINT_ON_UNRESTORABLE", "restart");
    assertThatThrownBy(() -> TrainerConfigParser.parse(env, new String[0]))
        .hasMessageContaining("SEGTPU_CHECKPOINT_ON_UNRESTORABLE (--checkpoint-on-unrestorable): expected fail or start-over, got 'restart'");
  }

  @Test
  void anEarlierJobsDirectoryIsReadFromTheContract() {
    assertThat(TrainerConfigParser.parse(contract(), new String[0]).resumeFromDir()).isEmpty();
    Map<String, String> env = contract();
    env.put("SEGTPU_RESUME_FROM_DIR", "/checkpoints/ml/voc-base");
    assertThat(TrainerConfigParser.parse(env, new String[0]).resumeFromDir()).contains(Path.of("/checkpoints/ml/voc-base"));
  }

  @Test
  void recomputationIsChosenByMemoryUnlessSetAndATypoIsNotReadAsOff() {
    assertThat(TrainerConfigParser.parse(contract(), new String[0]).recompute()).isEqualTo(RecomputePolicy.AUTO);
    assertThat(TrainerConfigParser.parse(contract(), new String[] {"--recompute", "false"}).recompute()).isEqualTo(RecomputePolicy.NEVER);
    assertThat(TrainerConfigParser.parse(contract(), new String[] {"--recompute", "true"}).recompute()).isEqualTo(RecomputePolicy.ALWAYS);
    Map<String, String> env = contract();
    env.put("SEGTPU_RECOMPUTE", "flase");
    assertThatThrownBy(() -> TrainerConfigParser.parse(env, new String[0]))
        .hasMessageContaining("SEGTPU_RECOMPUTE (--recompute): expected auto, true or false, got 'flase'");
  }

  @Test
  void severalWorkersFormOneGroupAndEachTakesItsShareOfTheGlobalBatch() {
    Map<String, String> env = contract();
    env.put("SEGTPU_WORKER_COUNT", "4");
    env.put("SEGTPU_WORKER_ID", "2");
    env.put("SEGTPU_BATCH_SIZE", "16");
    env.put("SEGTPU_PEER_HOSTNAMES", "w-0.job,w-1.job,w-2.job,w-3.job");
    TrainerConfig config = TrainerConfigParser.parse(env, new String[0]);

    assertThat(config.batchSize()).isEqualTo(4);
    assertThat(config.globalBatchSize()).isEqualTo(16);
    assertThat(config.leader()).isFalse();
    assertThat(config.peers()).hasValueSatisfying(group -> {
      assertThat(group.worker()).isEqualTo(2);
      assertThat(group.hosts()).containsExactly("w-0.job", "w-1.job", "w-2.job", "w-3.job");
      assertThat(group.port()).isEqualTo(8476);
    });
  }

  @Test
  void aGlobalBatchThatDoesNotDivideOverTheWorkersIsRefusedNamingBoth() {
    Map<String, String> env = contract();
    env.put("SEGTPU_WORKER_COUNT", "4");
    env.put("SEGTPU_BATCH_SIZE", "6");
    env.put("SEGTPU_PEER_HOSTNAMES", "a,b,c,d");
    assertThatThrownBy(() -> TrainerConfigParser.parse(env, new String[0]))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SEGTPU_BATCH_SIZE").hasMessageContaining("SEGTPU_WORKER_COUNT").hasMessageContaining("multiple of 4");
  }

  @Test
  void severalWorkersWithoutOneHostNameEachAreRefusedNamingThePeerList() {
    Map<String, String> env = contract();
    env.put("SEGTPU_WORKER_COUNT", "2");
    env.put("SEGTPU_BATCH_SIZE", "4");
    assertThatThrownBy(() -> TrainerConfigParser.parse(env, new String[0]))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SEGTPU_PEER_HOSTNAMES").hasMessageContaining("one host name per worker");
    env.put("SEGTPU_PEER_HOSTNAMES", "only-one");
    assertThatThrownBy(() -> TrainerConfigParser.parse(env, new String[0]))
        .hasMessageContaining("got 1: only-one");
    env.put("SEGTPU_WORKER_ID", "2");
    env.put("SEGTPU_PEER_HOSTNAMES", "a,b");
    assertThatThrownBy(() -> TrainerConfigParser.parse(env, new String[0]))
        .hasMessageContaining("SEGTPU_WORKER_ID").hasMessageContaining("0..1");
  }

  @Test
  void anUnknownSegtpuVariableIsNamed() {
    Map<String, String> env = contract();
    env.put("SEGTPU_LEARNING_RATE", "0.1");
    assertThatThrownBy(() -> TrainerConfigParser.parse(env, new String[0]))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("unknown setting SEGTPU_LEARNING_RATE");
  }

  @Test
  void anUnknownFlagIsRejected() {
    assertThatThrownBy(() -> TrainerConfigParser.parse(contract(), new String[] {"--learning-rate", "0.1"}))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("--learning-rate");
  }

  @Test
  void boundariesWithThePolyScheduleContradictEachOther() {
    Map<String, String> env = contract();
    env.put("SEGTPU_LR_BOUNDARIES", "100,200");
    env.put("SEGTPU_LR_MULTIPLIERS", "0.1,0.01");
    assertThatThrownBy(() -> TrainerConfigParser.parse(env, new String[0]))
        .hasMessageContaining("SEGTPU_LR_BOUNDARIES").hasMessageContaining("poly");
  }

  @Test
  void stepwiseNeedsOneMultiplierPerBoundary() {
    Map<String, String> env = contract();
    env.remove("SEGTPU_LR_POWER");
    env.put("SEGTPU_LR_SCHEDULE", "stepwise");
    env.put("SEGTPU_LR_BOUNDARIES", "15000,20000");
    env.put("SEGTPU_LR_MULTIPLIERS", "0.1");
    assertThatThrownBy(() -> TrainerConfigParser.parse(env, new String[0]))
        .hasMessageContaining("SEGTPU_LR_MULTIPLIERS").hasMessageContaining("one multiplier per boundary");
  }

  @Test
  void stepwiseWithWarmupFollowsTheMaskRcnnReference() {
    Map<String, String> env = contract();
    env.remove("SEGTPU_LR_POWER");
    env.put("SEGTPU_TOTAL_STEPS", "22500");
    env.put("SEGTPU_LR_SCHEDULE", "stepwise");
    env.put("SEGTPU_LR_BASE", "0.08");
    env.put("SEGTPU_LR_WARMUP_STEPS", "500");
    env.put("SEGTPU_LR_WARMUP_RATE", "0.0067");
    env.put("SEGTPU_LR_BOUNDARIES", "15000,20000");
    env.put("SEGTPU_LR_MULTIPLIERS", "0.1,0.01");
    TrainerConfig config = TrainerConfigParser.parse(env, new String[0]);
    assertThat(config.schedule().at(0)).isEqualTo(0.0067);
    assertThat(config.schedule().at(250)).isCloseTo((0.0067 + 0.08) / 2, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(config.schedule().at(500)).isEqualTo(0.08);
    assertThat(config.schedule().at(15_000)).isCloseTo(0.008, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(config.schedule().at(20_000)).isCloseTo(0.0008, org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void maskRcnnTakesTheReferenceNetworkAndCocoRecords() {
    Map<String, String> env = maskRcnn();
    TrainerConfig config = TrainerConfigParser.parse(env, new String[0]);
    assertThat(config.model()).isInstanceOf(dev.segtpu.trainer.model.maskrcnn.MaskRcnnSpec.class);
    var spec = (dev.segtpu.trainer.model.maskrcnn.MaskRcnnSpec) config.model();
    assertThat(spec.backbone()).isEqualTo(BackboneKind.RESNET50);
    assertThat(spec.numClasses()).isEqualTo(91);
    assertThat(spec.fpnFilters()).isEqualTo(256);
    assertThat(spec.boxHeadDim()).isEqualTo(1024);
    assertThat(spec.roisPerImage()).isEqualTo(512);
    assertThat(config.imageSize()).isEqualTo(1024);
    assertThat(config.trainInput().format()).isEqualTo(dev.segtpu.trainer.input.DatasetFormat.COCO_TFRECORD);
  }

  @Test
  void maskRcnnSettingsThatDoNotFitAreRefusedNamingTheSetting() {
    Map<String, String> env = maskRcnn();
    env.put("SEGTPU_OUTPUT_STRIDE", "16");
    assertThatThrownBy(() -> TrainerConfigParser.parse(env, new String[0])).hasMessageContaining("SEGTPU_OUTPUT_STRIDE")
        .hasMessageContaining("deeplabv3plus only");
    env.remove("SEGTPU_OUTPUT_STRIDE");
    env.put("SEGTPU_IMAGE_SIZE", "1000");
    assertThatThrownBy(() -> TrainerConfigParser.parse(env, new String[0])).hasMessageContaining("SEGTPU_IMAGE_SIZE")
        .hasMessageContaining("multiple of 64");
    env.put("SEGTPU_IMAGE_SIZE", "1024");
    env.put("SEGTPU_BACKBONE", "mobilenetv2");
    assertThatThrownBy(() -> TrainerConfigParser.parse(env, new String[0])).hasMessageContaining("SEGTPU_BACKBONE")
        .hasMessageContaining("resnet50 or resnet101");
    env.put("SEGTPU_BACKBONE", "resnet50");
    env.put("SEGTPU_DATASET_FORMAT", "voc-tfrecord");
    assertThatThrownBy(() -> TrainerConfigParser.parse(env, new String[0])).hasMessageContaining("SEGTPU_DATASET_FORMAT")
        .hasMessageContaining("coco-tfrecord or synthetic");
    env.put("SEGTPU_DATASET_FORMAT", "coco-tfrecord");
    env.put("SEGTPU_EARLY_STOP_METRIC", "meanIoU");
    assertThatThrownBy(() -> TrainerConfigParser.parse(env, new String[0])).hasMessageContaining("SEGTPU_EARLY_STOP_METRIC")
        .hasMessageContaining("maskAP, boxAP");
  }

  private static Map<String, String> maskRcnn() {
    Map<String, String> env = contract();
    env.put("SEGTPU_MODEL", "maskrcnn");
    env.remove("SEGTPU_BACKBONE");
    env.remove("SEGTPU_NUM_CLASSES");
    env.remove("SEGTPU_IMAGE_SIZE");
    env.remove("SEGTPU_OUTPUT_STRIDE");
    env.put("SEGTPU_DATASET_FORMAT", "coco-tfrecord");
    return env;
  }

  @Test
  void badValuesNameTheSettingAndTheExpectedForm() {
    Map<String, String> env = contract();
    env.put("SEGTPU_OUTPUT_STRIDE", "12");
    assertThatThrownBy(() -> TrainerConfigParser.parse(env, new String[0])).hasMessageContaining("SEGTPU_OUTPUT_STRIDE (--output-stride): must be 8 or 16");
    env.put("SEGTPU_OUTPUT_STRIDE", "16");
    env.put("SEGTPU_CHECKPOINT_INTERVAL", "often");
    assertThatThrownBy(() -> TrainerConfigParser.parse(env, new String[0])).hasMessageContaining("SEGTPU_CHECKPOINT_INTERVAL").hasMessageContaining("<N>steps or <N>s");
    env.put("SEGTPU_CHECKPOINT_INTERVAL", "10s");
    env.put("SEGTPU_BACKBONE", "xception65");
    assertThatThrownBy(() -> TrainerConfigParser.parse(env, new String[0])).hasMessageContaining("SEGTPU_BACKBONE").hasMessageContaining("xception65");
    env.put("SEGTPU_BACKBONE", "mobilenetv2");
    env.put("SEGTPU_MODEL", "unet");
    assertThatThrownBy(() -> TrainerConfigParser.parse(env, new String[0])).hasMessageContaining("SEGTPU_MODEL").hasMessageContaining("deeplabv3plus or maskrcnn");
    env.put("SEGTPU_MODEL", "deeplabv3plus");
    env.remove("SEGTPU_TOTAL_STEPS");
    assertThatThrownBy(() -> TrainerConfigParser.parse(env, new String[0])).hasMessageContaining("SEGTPU_TOTAL_STEPS (--total-steps): is required");
  }

  @Test
  void warmupAsLongAsTrainingIsRefused() {
    Map<String, String> env = contract();
    env.put("SEGTPU_LR_WARMUP_STEPS", "20000");
    assertThatThrownBy(() -> TrainerConfigParser.parse(env, new String[0])).hasMessageContaining("SEGTPU_LR_WARMUP_STEPS");
  }
}
