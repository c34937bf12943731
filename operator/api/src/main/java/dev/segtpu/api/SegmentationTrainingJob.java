package dev.segtpu.api;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.segtpu.api.tolerant.TolerantSpecDeserializer;
import dev.segtpu.api.tolerant.TolerantStatusDeserializer;
import dev.segtpu.api.tolerant.UnreadableSpec;
import dev.segtpu.api.tolerant.UnreadableStatus;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A training run of a segmentation model (DeepLab v3+ or Mask R-CNN) on a Cloud TPU slice in GKE.
 * The operator turns it into one trainer pod per TPU host and keeps it going through preemptions.
 */
@Group(SegmentationTrainingJob.GROUP)
@Version(SegmentationTrainingJob.VERSION)
@Kind("SegmentationTrainingJob")
@Plural("segmentationtrainingjobs")
@Singular("segmentationtrainingjob")
@ShortNames({"stj", "segjob"})
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Model", jsonPath = ".spec.model.architecture")
@AdditionalPrinterColumn(name = "TPU", jsonPath = ".status.tpu")
@AdditionalPrinterColumn(name = "Progress", jsonPath = ".status.progress.percent", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Cost", jsonPath = ".status.cost.soFarUSD", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class SegmentationTrainingJob
    extends CustomResource<SegmentationTrainingJobSpec, SegmentationTrainingJobStatus>
    implements Namespaced {

  public static final String GROUP = "segtpu.dev";
  public static final String VERSION = "v1alpha1";

  /**
   * Read tolerantly: a spec the Java types cannot hold becomes an {@link UnreadableSpec} instead of an
   * exception in the informer, which would stop the operator for every job.
   */
  @Override
  @JsonDeserialize(using = TolerantSpecDeserializer.class)
  public void setSpec(SegmentationTrainingJobSpec spec) {
    super.setSpec(spec);
  }

  /** Read tolerantly, as the spec: an unreadable status becomes an {@link UnreadableStatus}. */
  @Override
  @JsonDeserialize(using = TolerantStatusDeserializer.class)
  public void setStatus(SegmentationTrainingJobStatus status) {
    super.setStatus(status);
  }

  @Override
  protected SegmentationTrainingJobStatus initStatus() {
    return new SegmentationTrainingJobStatus();
  }
}
