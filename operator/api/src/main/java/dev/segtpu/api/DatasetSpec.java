package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.format == 'synthetic' || (has(self.trainFilePattern) && has(self.source))",
    message = "spec.dataset.trainFilePattern and spec.dataset.source are required unless format is synthetic",
    fieldPath = ".trainFilePattern")
public class DatasetSpec {

  @Required
  @JsonPropertyDescription("voc-tfrecord (DeepLab reference layout), coco-tfrecord (Mask R-CNN reference layout) or synthetic (generated shapes; for tests and demos).")
  public DatasetFormat format;

  @JsonPropertyDescription("Glob of training TFRecord files, relative to the source, e.g. train-*.tfrecord.")
  @Size(max = SpecLimits.MAX_PATH_LENGTH)
  @Pattern(SpecLimits.FILE_GLOB)
  public String trainFilePattern;

  @JsonPropertyDescription("Glob of evaluation TFRecord files, relative to the source, e.g. val-*.tfrecord.")
  @Size(max = SpecLimits.MAX_PATH_LENGTH)
  @Pattern(SpecLimits.FILE_GLOB)
  public String evalFilePattern;

  @Min(1)
  @Max(SpecLimits.MAX_TRAIN_EXAMPLES)
  @JsonPropertyDescription("Number of training images; needed when training is given in epochs (PASCAL VOC train_aug: 10582, COCO train2017: 118287).")
  public Long trainExamples;

  @JsonPropertyDescription("Where the files live: exactly one of gcs (Cloud Storage FUSE CSI), pvc or hostPath (sandbox).")
  public StorageSource source;
}
