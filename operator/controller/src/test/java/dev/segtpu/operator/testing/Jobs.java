package dev.segtpu.operator.testing;

import dev.segtpu.api.Architecture;
import dev.segtpu.api.CheckpointSpec;
import dev.segtpu.api.DatasetFormat;
import dev.segtpu.api.DatasetSpec;
import dev.segtpu.api.ModelSpec;
import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.StorageSource;
import dev.segtpu.api.TpuGeneration;
import dev.segtpu.api.TpuSpec;
import dev.segtpu.api.TrainingSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** Valid jobs for tests; each test changes what it is about. */
public final class Jobs {

  private Jobs() {}

  public static SegmentationTrainingJob job(String name, String namespace, TpuGeneration generation, String topology,
                                            Provisioning provisioning) {
    SegmentationTrainingJob job = new SegmentationTrainingJob();
    job.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    job.setSpec(spec(generation, topology, provisioning));
    return job;
  }

  public static SegmentationTrainingJob job(String name, String namespace) {
    return job(name, namespace, TpuGeneration.V5E, "2x4", Provisioning.SPOT);
  }

  public static SegmentationTrainingJobSpec spec(TpuGeneration generation, String topology, Provisioning provisioning) {
    SegmentationTrainingJobSpec spec = new SegmentationTrainingJobSpec();
    spec.model = new ModelSpec();
    spec.model.architecture = Architecture.DEEPLAB_V3_PLUS;
    spec.dataset = new DatasetSpec();
    spec.dataset.format = DatasetFormat.SYNTHETIC;
    spec.training = new TrainingSpec();
    spec.training.steps = 1000L;
    spec.training.batchSize = 64;
    spec.tpu = new TpuSpec();
    spec.tpu.generation = generation;
    spec.tpu.topology = topology;
    spec.tpu.provisioning = provisioning;
    if (provisioning == Provisioning.RESERVATION) {
      spec.tpu.reservationName = "tpu-reservation";
    }
    spec.checkpoint = new CheckpointSpec();
    spec.checkpoint.storage = StorageSource.hostPath("/var/segtpu/checkpoints");
    spec.checkpoint.interval = "5m";
    return spec;
  }
}
