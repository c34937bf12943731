package dev.segtpu.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.Backbone;
import dev.segtpu.api.BudgetSpec;
import dev.segtpu.api.CheckpointSpec;
import dev.segtpu.api.DatasetFormat;
import dev.segtpu.api.EarlyStoppingSpec;
import dev.segtpu.api.Examples;
import dev.segtpu.api.FailurePolicySpec;
import dev.segtpu.api.HangDetectionSpec;
import dev.segtpu.api.PreemptionSpec;
import dev.segtpu.api.Provisioning;
import dev.segtpu.api.ProvisioningRung;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.StorageSource;
import dev.segtpu.api.TpuGeneration;
import dev.segtpu.api.TrainerSpec;
import dev.segtpu.tpu.TpuCatalog;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpecValidatorTest {

  private static final SpecValidator VALIDATOR = new SpecValidator(TpuCatalog.load());

  @Test
  void everyExampleManifestIsValid() throws IOException {
    try (Stream<Path> files = Files.list(Examples.DIRECTORY)) {
      List<Path> manifests = files.filter(f -> f.toString().endsWith(".yaml")).toList();
      assertThat(manifests).hasSizeGreaterThanOrEqualTo(3);
      for (Path manifest : manifests) {
        SegmentationTrainingJobSpec spec = Examples.load(manifest.getFileName().toString()).getSpec();
        assertThat(VALIDATOR.validate(spec)).as(manifest.toString()).isEmpty();
      }
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("invalidSpecs")
  void namesTheOffendingField(String description, String expectedField, Consumer<SegmentationTrainingJobSpec> breakIt,
                              String fileName) {
    SegmentationTrainingJobSpec spec = Examples.load(fileName).getSpec();
    breakIt.accept(spec);

    List<FieldError> errors = VALIDATOR.validate(spec);

    assertThat(errors).as(description).extracting(FieldError::field).containsExactly(expectedField);
    assertThat(errors.get(0).message()).as("message of " + expectedField).isNotBlank().doesNotContain("null null");
  }

  @Test
  void missingSectionsAreEachNamed() {
    List<FieldError> errors = VALIDATOR.validate(new SegmentationTrainingJobSpec());
    assertThat(errors).extracting(FieldError::field)
        .containsExactly("spec.model", "spec.dataset", "spec.training", "spec.tpu", "spec.checkpoint");
  }

  @Test
  void topologyErrorListsTheValidTopologies() {
    SegmentationTrainingJobSpec spec = quick();
    spec.tpu.topology = "3x3";
    assertThat(VALIDATOR.validate(spec)).singleElement()
        .satisfies(e -> assertThat(e.message()).contains("3x3").contains("1x1").contains("16x16"));
  }

  @Test
  void legacyGenerationBecomesValidWhenTheClusterNamesItsLabel() {
    SegmentationTrainingJobSpec spec = quick();
    spec.tpu.generation = TpuGeneration.V3;
    spec.tpu.topology = "2x2";
    assertThat(VALIDATOR.validate(spec)).extracting(FieldError::field).containsExactly("spec.tpu.generation");
    SpecValidator withV3Nodes = new SpecValidator(TpuCatalog.load().withAcceleratorLabel(TpuGeneration.V3, "tpu-v3-device"));
    assertThat(withV3Nodes.validate(spec)).isEmpty();
  }

  @Test
  void aBatchThatSplitsOverOneSliceButNotOverAllOfThemIsRefusedNamingBothFields() {
    SegmentationTrainingJobSpec spec = quick();
    spec.tpu.topology = "4x4";   // 4 hosts per slice
    spec.training.batchSize = 12;
    assertThat(VALIDATOR.validate(spec)).isEmpty();

    spec.tpu.slices = 2;

    assertThat(VALIDATOR.validate(spec)).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("spec.training.batchSize");
      assertThat(e.message()).contains("spec.tpu.slices").contains("2 × 4 = 8").contains("got 12");
    });
  }

  @Test
  void multisliceIsAcceptedOnEveryGenerationThatGkeJoinsAndRefusedOnTheOthersNamingSlices() {
    TpuCatalog catalog = TpuCatalog.load().withAcceleratorLabel(TpuGeneration.V3, "tpu-v3-device");
    SpecValidator validator = new SpecValidator(catalog);
    for (TpuGeneration generation : List.of(TpuGeneration.V4, TpuGeneration.V5E, TpuGeneration.V5P, TpuGeneration.V6E)) {
      SegmentationTrainingJobSpec spec = quick();
      spec.tpu.generation = generation;
      spec.tpu.topology = catalog.topologies(generation).get(0);
      spec.tpu.slices = 2;
      assertThat(validator.validate(spec)).as(generation.value()).isEmpty();
    }
    SegmentationTrainingJobSpec v3 = quick();
    v3.tpu.generation = TpuGeneration.V3;
    v3.tpu.topology = "2x2";
    v3.tpu.slices = 2;

    assertThat(validator.validate(v3)).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("spec.tpu.slices");
      assertThat(e.message()).contains("v3 does not support Multislice").contains("slices: 1").contains("v4, v5e, v5p, v6e");
    });
    v3.tpu.slices = 1;
    assertThat(validator.validate(v3)).as("one slice of v3 needs no Multislice").isEmpty();
  }

  @Test
  void hiddenFoldersAreOrdinaryPathsOnlyDotAndDotDotAreRefused() {
    SegmentationTrainingJobSpec spec = quick();
    spec.checkpoint.storage.hostPath.path = "/work/main/.segtpu-sandbox/run-1/checkpoints";
    assertThat(VALIDATOR.validate(spec)).as("the sandbox's own folder").isEmpty();
    for (String path : List.of("/a/./b", "/a/../b", "/a/.../b", "/..")) {
      spec.checkpoint.storage.hostPath.path = path;
      assertThat(VALIDATOR.validate(spec)).as(path).extracting(FieldError::field)
          .containsExactly("spec.checkpoint.storage.hostPath.path");
    }
  }

  @Test
  void anOperatorThatAllowsNoHostPathsRefusesThemNamingTheSetting() {
    SpecValidator strict = new SpecValidator(TpuCatalog.load(), HostPathPolicy.NONE);

    List<FieldError> errors = strict.validate(quick());

    assertThat(errors).extracting(FieldError::field).containsExactly("spec.checkpoint.storage.hostPath.path");
    assertThat(errors.get(0).message()).contains("--allowed-host-path-prefixes").contains("gcs or pvc");
  }

  @Test
  void hostPathsAreAllowedOnlyBelowTheConfiguredPrefixesSegmentBySegment() {
    HostPathPolicy policy = new HostPathPolicy(List.of("/tmp/segtpu"));
    SpecValidator validator = new SpecValidator(TpuCatalog.load(), policy);
    SegmentationTrainingJobSpec spec = quick();

    spec.checkpoint.storage.hostPath.path = "/tmp/segtpu/checkpoints";
    assertThat(VALIDATOR.validate(spec)).isEmpty();
    spec.checkpoint.storage.hostPath.path = "/tmp/segtpu-other";
    assertThat(validator.validate(spec)).extracting(FieldError::message).singleElement().asString()
        .contains("not under a prefix").contains("/tmp/segtpu");
  }

  private static SegmentationTrainingJobSpec quick() {
    return Examples.load(QUICK).getSpec();
  }

  private static final String QUICK = "quick-deeplab-synthetic.yaml";
  private static final String VOC = "deeplab-voc.yaml";
  private static final String COCO = "maskrcnn-coco.yaml";

  static Stream<Arguments> invalidSpecs() {
    return Stream.of(
        // model
        invalid("architecture missing", "spec.model.architecture", s -> s.model.architecture = null),
        invalid("one class", "spec.model.numClasses", s -> s.model.numClasses = 1),
        invalid("too many classes", "spec.model.numClasses", s -> s.model.numClasses = 5000),
        invalid("tiny image", "spec.model.imageSize", s -> s.model.imageSize = 16),
        invalid("output stride 32", "spec.model.outputStride", s -> s.model.outputStride = 32),
        invalid("output stride 12", "spec.model.outputStride", s -> s.model.outputStride = 12),
        invalid("output stride that overflows nothing in Java but is absurd", "spec.model.outputStride",
            s -> s.model.outputStride = Integer.MAX_VALUE),
        invalid(COCO, "output stride on Mask R-CNN", "spec.model.outputStride", s -> s.model.outputStride = 16),
        invalid(COCO, "MobileNetV2 under Mask R-CNN", "spec.model.backbone", s -> s.model.backbone = Backbone.MOBILENET_V2),
        invalid(COCO, "a Mask R-CNN input P6's stride does not divide", "spec.model.imageSize", s -> s.model.imageSize = 1000),
        // dataset
        invalid("format missing", "spec.dataset.format", s -> s.dataset.format = null),
        invalid(VOC, "COCO records for DeepLab", "spec.dataset.format", s -> s.dataset.format = DatasetFormat.COCO_TFRECORD),
        invalid(COCO, "VOC records for Mask R-CNN", "spec.dataset.format", s -> s.dataset.format = DatasetFormat.VOC_TFRECORD),
        invalid(VOC, "no train file pattern", "spec.dataset.trainFilePattern", s -> s.dataset.trainFilePattern = " "),
        invalid(VOC, "no dataset source", "spec.dataset.source", s -> s.dataset.source = null),
        invalid(VOC, "two dataset backends", "spec.dataset.source", s -> s.dataset.source.hostPath = StorageSource.hostPath("/data").hostPath),
        invalid(VOC, "bucket with scheme", "spec.dataset.source.gcs.bucket", s -> s.dataset.source.gcs.bucket = "gs://my-datasets"),
        invalid(COCO, "PVC name with capitals", "spec.dataset.source.pvc.claimName", s -> s.dataset.source.pvc.claimName = "Coco"),
        invalid("zero training examples", "spec.dataset.trainExamples", s -> s.dataset.trainExamples = 0L),
        invalid("a trillion training examples", "spec.dataset.trainExamples", s -> s.dataset.trainExamples = 1_000_000_000_000L),
        invalid(VOC, "mount options injected through the bucket folder", "spec.dataset.source.gcs.path",
            s -> s.dataset.source.gcs.path = "x,file-mode=777"),
        invalid(VOC, "bucket folder climbing out", "spec.dataset.source.gcs.path", s -> s.dataset.source.gcs.path = "voc/../../other"),
        invalid(VOC, "overlong bucket folder", "spec.dataset.source.gcs.path", s -> s.dataset.source.gcs.path = "a".repeat(2000)),
        invalid(COCO, "PVC sub-path climbing out", "spec.dataset.source.pvc.subPath", s -> s.dataset.source.pvc.subPath = "../etc"),
        invalid(VOC, "absolute train file pattern", "spec.dataset.trainFilePattern", s -> s.dataset.trainFilePattern = "/etc/*"),
        invalid(VOC, "train file pattern climbing out", "spec.dataset.trainFilePattern", s -> s.dataset.trainFilePattern = "../*/train-*"),
        invalid(VOC, "eval file pattern with a control character", "spec.dataset.evalFilePattern",
            s -> s.dataset.evalFilePattern = "val-\u0000*.tfrecord"),
        // training
        invalid("steps and epochs", "spec.training.steps", s -> s.training.epochs = 3),
        invalid("neither steps nor epochs", "spec.training.steps", s -> s.training.steps = null),
        invalid(COCO, "epochs without dataset size", "spec.dataset.trainExamples", s -> s.dataset.trainExamples = null),
        invalid("no batch size", "spec.training.batchSize", s -> s.training.batchSize = null),
        invalid(COCO, "batch not divisible by hosts", "spec.training.batchSize", s -> s.training.batchSize = 63),
        invalid("momentum above 1", "spec.training.momentum", s -> s.training.momentum = 1.5),
        invalid("negative weight decay", "spec.training.weightDecay", s -> s.training.weightDecay = -0.1),
        invalid("eval interval 0", "spec.training.evalIntervalSteps", s -> s.training.evalIntervalSteps = 0L),
        invalid("ten billion steps", "spec.training.steps", s -> s.training.steps = 10_000_000_000L),
        invalid("negative seed", "spec.training.seed", s -> s.training.seed = -1L),
        invalid("seed beyond what JSON clients hold exactly", "spec.training.seed", s -> s.training.seed = Long.MAX_VALUE),
        invalid(COCO, "boundary beyond the step limit", "spec.training.learningRate.boundaries[1]",
            s -> s.training.learningRate.boundaries = List.of(15000L, 5_000_000_000L)),
        invalid(COCO, "negative multiplier", "spec.training.learningRate.multipliers[0]",
            s -> s.training.learningRate.multipliers = List.of(-0.1, 0.01)),
        invalid("huge learning rate", "spec.training.learningRate.base", s -> s.training.learningRate.base = 50.0),
        invalid("warm-up as long as training", "spec.training.learningRate.warmupSteps", s -> s.training.learningRate.warmupSteps = s.training.steps),
        invalid("boundaries on poly", "spec.training.learningRate.boundaries", s -> s.training.learningRate.boundaries = List.of(100L)),
        invalid(COCO, "one multiplier for two boundaries", "spec.training.learningRate.multipliers",
            s -> s.training.learningRate.multipliers = List.of(0.1)),
        invalid(COCO, "boundaries out of order", "spec.training.learningRate.boundaries",
            s -> s.training.learningRate.boundaries = List.of(20000L, 15000L)),
        // tpu
        invalid("generation missing", "spec.tpu.generation", s -> s.tpu.generation = null),
        invalid("topology garbage", "spec.tpu.topology", s -> s.tpu.topology = "2by4"),
        invalid("3-D topology on v5e", "spec.tpu.topology", s -> s.tpu.topology = "2x2x2"),
        invalid(COCO, "2-D topology on v5p", "spec.tpu.topology", s -> s.tpu.topology = "2x4"),
        invalid("topology v5e does not offer", "spec.tpu.topology", s -> s.tpu.topology = "3x3"),
        invalid("v2 on current GKE", "spec.tpu.generation", s -> {
          s.tpu.generation = TpuGeneration.V2;
          s.tpu.topology = "2x2";
        }),
        invalid("provisioning missing", "spec.tpu.provisioning", s -> s.tpu.provisioning = null),
        invalid("reservation without a name", "spec.tpu.reservationName", s -> s.tpu.provisioning = Provisioning.RESERVATION),
        invalid("reservation name on spot", "spec.tpu.reservationName", s -> s.tpu.reservationName = "my-reservation"),
        // checkpoint
        invalid("checkpoint storage missing", "spec.checkpoint.storage", s -> s.checkpoint.storage = null),
        invalid("relative host path", "spec.checkpoint.storage.hostPath.path", s -> s.checkpoint.storage.hostPath.path = "ckpt"),
        invalid("the node's root as host path", "spec.checkpoint.storage.hostPath.path", s -> s.checkpoint.storage.hostPath.path = "/"),
        invalid("host path climbing out", "spec.checkpoint.storage.hostPath.path",
            s -> s.checkpoint.storage.hostPath.path = "/tmp/segtpu/../../etc"),
        invalid("resume from a job without a name", "spec.checkpoint.resumeFrom.jobName",
            s -> s.checkpoint.resumeFrom = new CheckpointSpec.ResumeFrom()),
        invalid("resume from a job named like a path", "spec.checkpoint.resumeFrom.jobName", s -> {
          s.checkpoint.resumeFrom = new CheckpointSpec.ResumeFrom();
          s.checkpoint.resumeFrom.jobName = "../other-namespace/job";
        }),
        invalid("resume from a UID that is not one", "spec.checkpoint.resumeFrom.jobUID", s -> {
          s.checkpoint.resumeFrom = new CheckpointSpec.ResumeFrom();
          s.checkpoint.resumeFrom.jobName = "quick-deeplab";
          s.checkpoint.resumeFrom.jobUID = "../../x";
        }),
        invalid("interval in minutes spelled out", "spec.checkpoint.interval", s -> s.checkpoint.interval = "10 minutes"),
        invalid("interval of more digits than the schema takes", "spec.checkpoint.interval",
            s -> s.checkpoint.interval = "1000000000m"),
        invalid("keep zero checkpoints", "spec.checkpoint.keep", s -> s.checkpoint.keep = 0),
        // policies
        invalid("negative max preemptions", "spec.preemption.maxPreemptions", s -> s.preemption.maxPreemptions = -1),
        invalid("a billion preemptions", "spec.preemption.maxPreemptions", s -> s.preemption.maxPreemptions = 1_000_000_000),
        invalid(COCO, "fallback on on-demand", "spec.preemption.fallbackToOnDemandAfter", s -> {
          s.preemption = new PreemptionSpec();
          s.preemption.fallbackToOnDemandAfter = 2;
        }),
        invalid("fallback never reached", "spec.preemption.fallbackToOnDemandAfter", s -> s.preemption.fallbackToOnDemandAfter = 30),
        invalid("a ladder next to the old fallback", "spec.provisioningLadder", s -> {
          s.preemption.fallbackToOnDemandAfter = 2;
          s.provisioningLadder = List.of(new ProvisioningRung(Provisioning.FLEX_START, 1, null));
        }),
        invalid("a ladder rung that changes nothing", "spec.provisioningLadder[0].provisioning", s -> {
          s.preemption.fallbackToOnDemandAfter = null;
          s.provisioningLadder = List.of(new ProvisioningRung(Provisioning.SPOT, 1, null));
        }),
        invalid("a reservation rung", "spec.provisioningLadder[0].provisioning", s -> {
          s.preemption.fallbackToOnDemandAfter = null;
          s.provisioningLadder = List.of(new ProvisioningRung(Provisioning.RESERVATION, 1, null));
        }),
        invalid("a rung without a condition", "spec.provisioningLadder[0]", s -> {
          s.preemption.fallbackToOnDemandAfter = null;
          s.provisioningLadder = List.of(new ProvisioningRung(Provisioning.ON_DEMAND, null, null));
        }),
        invalid("a rung never reached", "spec.provisioningLadder[0].afterPreemptions", s -> {
          s.preemption.fallbackToOnDemandAfter = null;
          s.provisioningLadder = List.of(new ProvisioningRung(Provisioning.ON_DEMAND, 30, null));
        }),
        invalid("flex-start on v4", "spec.tpu.provisioning", s -> {
          s.preemption.fallbackToOnDemandAfter = null;
          s.tpu.generation = dev.segtpu.api.TpuGeneration.V4;
          s.tpu.topology = "2x2x2";
          s.tpu.provisioning = Provisioning.FLEX_START;
        }),
        invalid("a flex-start run of 8 days", "spec.tpu.maxRunDurationSeconds", s -> {
          s.preemption.fallbackToOnDemandAfter = null;
          s.tpu.provisioning = Provisioning.FLEX_START;
          s.tpu.maxRunDurationSeconds = 8 * 86_400;
        }),
        invalid("a run duration without flex-start", "spec.tpu.maxRunDurationSeconds", s -> s.tpu.maxRunDurationSeconds = 3600),
        invalid("retry on exit 0", "spec.failurePolicy.retryableExitCodes[1]", s -> {
          s.failurePolicy = new FailurePolicySpec();
          s.failurePolicy.retryableExitCodes = List.of(42, 0);
        }),
        invalid("backoff limit 1000", "spec.failurePolicy.backoffLimit", s -> {
          s.failurePolicy = new FailurePolicySpec();
          s.failurePolicy.backoffLimit = 1000;
        }),
        invalid("a hang after one step time would be jitter", "spec.failurePolicy.hangDetection.stepTimeMultiple", s -> {
          s.failurePolicy = new FailurePolicySpec();
          s.failurePolicy.hangDetection = new HangDetectionSpec();
          s.failurePolicy.hangDetection.stepTimeMultiple = 1;
        }),
        invalid("a hang floor shorter than a few polls", "spec.failurePolicy.hangDetection.minimumSeconds", s -> {
          s.failurePolicy = new FailurePolicySpec();
          s.failurePolicy.hangDetection = new HangDetectionSpec();
          s.failurePolicy.hangDetection.minimumSeconds = 1;
        }),
        invalid("early stopping on a metric DeepLab does not report", "spec.training.earlyStopping.metric",
            s -> s.training.earlyStopping = earlyStopping("maskAP", 2)),
        invalid("early stopping without a metric", "spec.training.earlyStopping.metric",
            s -> s.training.earlyStopping = earlyStopping(null, 2)),
        invalid("early stopping with no patience", "spec.training.earlyStopping.patience",
            s -> s.training.earlyStopping = earlyStopping("meanIoU", 0)),
        invalid("early stopping without evaluations during training", "spec.training.earlyStopping", s -> {
          s.training.earlyStopping = earlyStopping("meanIoU", 2);
          s.training.evalIntervalSteps = null;
        }),
        invalid("early stopping on four hosts", "spec.training.earlyStopping", s -> {
          s.training.earlyStopping = earlyStopping("meanIoU", 2);
          s.tpu.topology = "4x4";
        }),
        invalid("zero budget", "spec.budget.maxCostUSD", s -> {
          s.budget = new BudgetSpec();
          s.budget.maxCostUSD = 0.0;
        }),
        invalid("zero deadline", "spec.activeDeadlineSeconds", s -> s.activeDeadlineSeconds = 0L),
        invalid("negative TTL", "spec.ttlSecondsAfterFinished", s -> s.ttlSecondsAfterFinished = -5),
        invalid("a deadline of centuries", "spec.activeDeadlineSeconds", s -> s.activeDeadlineSeconds = 10_000_000_000L),
        invalid("a budget beyond any TPU bill", "spec.budget.maxCostUSD", s -> {
          s.budget = new BudgetSpec();
          s.budget.maxCostUSD = 1e12;
        }),
        // trainer
        invalid("blank image", "spec.trainer.image", s -> {
          s.trainer = new TrainerSpec();
          s.trainer.image = "";
        }),
        invalid("image with a space", "spec.trainer.image", s -> {
          s.trainer = new TrainerSpec();
          s.trainer.image = "segtpu/trainer:1 --privileged";
        }),
        invalid("fencing defeated through a trainer flag", "spec.trainer.args[1]", s -> {
          s.trainer = new TrainerSpec();
          s.trainer.args = List.of("--recompute=false", "--attempt=999");
        }),
        invalid("checkpoint directory moved through a trainer flag", "spec.trainer.args[0]", s -> {
          s.trainer = new TrainerSpec();
          s.trainer.args = List.of("--checkpoint-dir", "/elsewhere");
        }),
        invalid("a hundred trainer arguments", "spec.trainer.args", s -> {
          s.trainer = new TrainerSpec();
          s.trainer.args = java.util.Collections.nCopies(100, "--recompute=auto");
        }),
        invalid("overrides the attempt number", "spec.trainer.env[1].name", s -> {
          s.trainer = new TrainerSpec();
          s.trainer.env = List.of(new EnvVar("LOG_LEVEL", "debug", null), new EnvVar("SEGTPU_ATTEMPT", "1", null));
        }),
        invalid("sets a Multislice variable the operator sets", "spec.trainer.env[0].name", s -> {
          s.trainer = new TrainerSpec();
          s.trainer.env = List.of(new EnvVar("MEGASCALE_SLICE_ID", "0", null));
        }),
        invalid("env name with a space", "spec.trainer.env[0].name", s -> {
          s.trainer = new TrainerSpec();
          s.trainer.env = List.of(new EnvVar("LOG LEVEL", "debug", null));
        }),
        invalid("env name starting with a digit", "spec.trainer.env[1].name", s -> {
          s.trainer = new TrainerSpec();
          s.trainer.env = List.of(new EnvVar("LOG_LEVEL", "debug", null), new EnvVar("9LIVES", "1", null));
        }),
        invalid("a hundred env variables", "spec.trainer.env", s -> {
          s.trainer = new TrainerSpec();
          s.trainer.env = java.util.stream.IntStream.range(0, 100).mapToObj(i -> new EnvVar("V" + i, "1", null)).toList();
        }),
        invalid("an env value beyond 32 KiB", "spec.trainer.env[0].value", s -> {
          s.trainer = new TrainerSpec();
          s.trainer.env = List.of(new EnvVar("BLOB", "x".repeat(32_769), null));
        }),
        invalid("a secret name longer than any object name", "spec.trainer.env[0].valueFrom.secretKeyRef.name", s -> {
          s.trainer = new TrainerSpec();
          s.trainer.env = List.of(new EnvVarBuilder().withName("TOKEN").withNewValueFrom().withNewSecretKeyRef()
              .withName("s".repeat(254)).withKey("token").endSecretKeyRef().endValueFrom().build());
        }),
        invalid("a field path beyond 256 characters", "spec.trainer.env[0].valueFrom.fieldRef.fieldPath", s -> {
          s.trainer = new TrainerSpec();
          s.trainer.env = List.of(new EnvVarBuilder().withName("NODE").withNewValueFrom().withNewFieldRef()
              .withFieldPath("metadata.annotations['" + "a".repeat(256) + "']").endFieldRef().endValueFrom().build());
        }),
        invalid("seventeen resource limits", "spec.trainer.resources.limits", s -> {
          s.trainer = new TrainerSpec();
          s.trainer.resources = new ResourceRequirements();
          s.trainer.resources.setLimits(java.util.stream.IntStream.range(0, 17).boxed()
              .collect(java.util.stream.Collectors.toMap(i -> "example.com/r" + i, i -> new Quantity("1"))));
        }),
        invalid("a resource claim name longer than a DNS label", "spec.trainer.resources.claims[0].name", s -> {
          s.trainer = new TrainerSpec();
          s.trainer.resources = new ResourceRequirementsBuilder().addNewClaim().withName("c".repeat(64)).endClaim().build();
        }),
        invalid("zero slices", "spec.tpu.slices", s -> s.tpu.slices = 0),
        invalid("more slices than the bound", "spec.tpu.slices", s -> s.tpu.slices = 257),
        invalid("slices times hosts do not divide the batch", "spec.training.batchSize", s -> {
          s.tpu.slices = 3;
          s.training.batchSize = 8;
        }),
        invalid("overrides the TPU chips", "spec.trainer.resources", s -> {
          s.trainer = new TrainerSpec();
          s.trainer.resources = new ResourceRequirements();
          s.trainer.resources.setLimits(Map.of("google.com/tpu", new Quantity("8")));
        }));
  }

  private static EarlyStoppingSpec earlyStopping(String metric, int patience) {
    EarlyStoppingSpec early = new EarlyStoppingSpec();
    early.metric = metric;
    early.patience = patience;
    return early;
  }

  @Test
  void environmentAndResourcesWithinTheirBoundsAreValidAndABadEnvNameIsRefusedWithTheFix() {
    SegmentationTrainingJobSpec spec = quick();
    spec.trainer = new TrainerSpec();
    spec.trainer.env = List.of(new EnvVar("LOG_LEVEL", "x".repeat(32_768), null),
        new EnvVarBuilder().withName("my.setting-2").withNewValueFrom().withNewConfigMapKeyRef()
            .withName("s".repeat(253)).withKey("k").endConfigMapKeyRef().endValueFrom().build());
    spec.trainer.resources = new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("16Gi"))
        .addToRequests("cpu", new Quantity("4")).build();
    assertThat(VALIDATOR.validate(spec)).isEmpty();

    spec.trainer.env = List.of(new EnvVar("LOG=LEVEL", "debug", null));

    assertThat(VALIDATOR.validate(spec)).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("spec.trainer.env[0].name");
      assertThat(e.message()).contains("'LOG=LEVEL'").contains("environment variable name").contains("LOG_LEVEL");
    });
  }

  @Test
  void earlyStoppingOnAMetricTheModelReportsIsValid() {
    SegmentationTrainingJobSpec spec = quick();
    spec.training.earlyStopping = earlyStopping("pixelAccuracy", 1);
    spec.training.earlyStopping.minDelta = 0.001;
    assertThat(VALIDATOR.validate(spec)).isEmpty();
  }

  private static Arguments invalid(String description, String field, Consumer<SegmentationTrainingJobSpec> breakIt) {
    return invalid(QUICK, description, field, breakIt);
  }

  private static Arguments invalid(String fileName, String description, String field,
                                   Consumer<SegmentationTrainingJobSpec> breakIt) {
    return Arguments.of(description, field, breakIt, fileName);
  }
}
