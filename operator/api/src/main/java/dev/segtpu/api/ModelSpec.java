package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.segtpu.contract.ContractValues;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.architecture == 'deeplabv3plus' || !has(self.outputStride)",
    message = "spec.model.outputStride applies to deeplabv3plus only; remove it for maskrcnn",
    fieldPath = ".outputStride")
@ValidationRule(value = "!has(self.outputStride) || self.outputStride in [8, 16]",
    message = "spec.model.outputStride must be 8 or 16", fieldPath = ".outputStride")
@ValidationRule(value = "self.architecture == 'deeplabv3plus' || self.backbone != 'mobilenetv2'",
    message = "spec.model.backbone mobilenetv2 is for deeplabv3plus; maskrcnn takes resnet50 or resnet101",
    fieldPath = ".backbone")
@ValidationRule(value = "self.architecture != 'maskrcnn' || !has(self.imageSize) || self.imageSize % "
    + ContractValues.MASK_RCNN_SIZE_MULTIPLE + " == 0",
    message = "spec.model.imageSize must be a multiple of " + ContractValues.MASK_RCNN_SIZE_MULTIPLE
        + " for maskrcnn (the stride of its coarsest feature level, P6); the reference uses 1024",
    fieldPath = ".imageSize")
public class ModelSpec {

  @Required
  @JsonPropertyDescription("deeplabv3plus (semantic segmentation, PASCAL VOC style) or maskrcnn (instance segmentation, COCO style).")
  public Architecture architecture;

  @JsonPropertyDescription("Backbone network. deeplabv3plus: mobilenetv2 (fast), resnet50, resnet101 (the TPU reference). maskrcnn: resnet50 (default) or resnet101.")
  public Backbone backbone;

  @Min(2)
  @Max(1000)
  @JsonPropertyDescription("Number of classes including background: 21 for PASCAL VOC, 91 for COCO ids.")
  public Integer numClasses;

  @Min(32)
  @Max(2048)
  @JsonPropertyDescription("Square training crop in pixels (deeplabv3plus; reference 513) or input size (maskrcnn; reference 1024).")
  public Integer imageSize;

  @JsonPropertyDescription("deeplabv3plus only: 16 (atrous rates 6/12/18) or 8 (12/24/36). Default 16.")
  @Min(SpecLimits.MIN_OUTPUT_STRIDE)
  @Max(SpecLimits.MAX_OUTPUT_STRIDE)
  public Integer outputStride;

  public Backbone backboneOrDefault() {
    if (backbone != null) {
      return backbone;
    }
    return architecture == Architecture.MASK_RCNN ? Backbone.RESNET_50 : Backbone.MOBILENET_V2;
  }

  public int numClassesOrDefault() {
    if (numClasses != null) {
      return numClasses;
    }
    return architecture == Architecture.MASK_RCNN ? 91 : 21;
  }

  public int imageSizeOrDefault() {
    if (imageSize != null) {
      return imageSize;
    }
    return architecture == Architecture.MASK_RCNN ? 1024 : 513;
  }

  public int outputStrideOrDefault() {
    return outputStride == null ? 16 : outputStride;
  }
}
