package dev.segtpu.api.validation;

import dev.segtpu.api.Architecture;
import dev.segtpu.contract.ContractValues;
import dev.segtpu.api.Backbone;
import dev.segtpu.api.ModelSpec;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.tpu.TpuCatalog;

final class ModelRules implements SpecRule {

  @Override
  public void check(SegmentationTrainingJobSpec spec, TpuCatalog catalog, FieldErrors errors) {
    ModelSpec model = spec.model;
    if (model == null) {
      return;
    }
    if (!errors.required("spec.model.architecture", model.architecture, "use deeplabv3plus or maskrcnn")) {
      return;
    }
    boolean deeplab = model.architecture == Architecture.DEEPLAB_V3_PLUS;
    if (model.outputStride != null) {
      if (!deeplab) {
        errors.add("spec.model.outputStride", "applies to deeplabv3plus only; remove it for maskrcnn");
      } else if (model.outputStride > 8 && model.outputStride < 16) {  // outside 8..16: DeclaredBounds says so
        errors.add("spec.model.outputStride", "must be 8 or 16 (atrous rates 12/24/36 or 6/12/18), got " + model.outputStride);
      }
    }
    if (!deeplab && model.imageSize != null && model.imageSize % ContractValues.MASK_RCNN_SIZE_MULTIPLE != 0) {
      errors.add("spec.model.imageSize", "must be a multiple of " + ContractValues.MASK_RCNN_SIZE_MULTIPLE
          + " for maskrcnn (the stride of its coarsest feature level, P6), got " + model.imageSize + "; the reference uses 1024");
    }
    if (!deeplab && model.backbone == Backbone.MOBILENET_V2) {
      errors.add("spec.model.backbone", "mobilenetv2 is for deeplabv3plus; maskrcnn takes resnet50 or resnet101");
    }
  }
}
