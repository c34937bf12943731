package dev.segtpu.trainer.model.maskrcnn;

import dev.segtpu.trainer.input.InstanceBatch;
import dev.segtpu.trainer.model.maskrcnn.targets.Anchors;
import dev.segtpu.trainer.model.maskrcnn.targets.Box;
import dev.segtpu.trainer.model.maskrcnn.targets.GroundTruth;
import dev.segtpu.trainer.model.maskrcnn.targets.InstanceMask;
import dev.segtpu.trainer.model.maskrcnn.targets.LevelTargets;
import dev.segtpu.trainer.model.maskrcnn.targets.MaskTargets;
import dev.segtpu.trainer.model.maskrcnn.targets.Roi;
import dev.segtpu.trainer.model.maskrcnn.targets.RoiSampler;
import dev.segtpu.trainer.model.maskrcnn.targets.RpnTargets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A batch's training targets on the host, in the fixed shapes {@link MaskRcnnGraph} is fed: the RPN's (from the
 * ground truth alone, so they can be made while the previous step runs) and the RoI heads' (from this step's
 * proposals). Every random choice is seeded per image by the caller, so a resumed run samples what an
 * uninterrupted one did.
 */
public final class BatchTargets {

  private BatchTargets() {}

  /** One image's objects: boxes, classes and crowd flags, and their masks at the image's size, slot order. */
  public record ImageTruth(List<GroundTruth> groundTruths, List<InstanceMask> masks) {}

  /** The second stage's inputs of a whole batch, padded per image to the graph's fixed counts. */
  public record Heads(float[] rois, int[] roiClasses, float[] roiBoxTargets, float[] maskRois, int[] maskClasses,
                      float[] maskTargets, int foreground) {}

  /** The objects of every image of {@code batch} (padding slots left out). */
  public static List<ImageTruth> truths(InstanceBatch batch) {
    int size = batch.imageSize();
    List<ImageTruth> truths = new ArrayList<>();
    for (int image = 0; image < batch.size(); image++) {
      List<GroundTruth> objects = new ArrayList<>();
      List<InstanceMask> masks = new ArrayList<>();
      for (int slot : batch.objectSlots(image)) {
        float[] b = Arrays.copyOfRange(batch.boxes(), 4 * slot, 4 * slot + 4);
        objects.add(new GroundTruth(new Box(b[0], b[1], b[2], b[3]), batch.classes()[slot], batch.crowd()[slot]));
        masks.add(new InstanceMask(size, size, batch.maskPixels(slot)));
      }
      truths.add(new ImageTruth(List.copyOf(objects), List.copyOf(masks)));
    }
    return List.copyOf(truths);
  }

  /** The RPN's targets of each image, sampled with that image's seed. */
  public static List<List<LevelTargets>> rpn(Anchors anchors, List<ImageTruth> truths, long[] seeds) {
    List<List<LevelTargets>> targets = new ArrayList<>();
    for (int image = 0; image < truths.size(); image++) {
      targets.add(RpnTargets.REFERENCE.label(anchors, truths.get(image).groundTruths(), seeds[image]));
    }
    return List.copyOf(targets);
  }

  /**
   * The RoIs sampled from each image's proposals and their targets: {@code roisPerImage} slots per image (class -1
   * past the sample), the foreground RoIs again as mask RoIs ({@code maskRoisPerImage} slots, class 0 past them).
   */
  public static Heads heads(List<List<Proposal>> proposals, List<ImageTruth> truths, RoiSampler sampler, int maskRoisPerImage,
                            long[] seeds) {
    int images = truths.size();
    int perImage = sampler.batchSize();
    int cells = MaskTargets.RESOLUTION * MaskTargets.RESOLUTION;
    float[] rois = new float[images * perImage * 4];
    int[] roiClasses = new int[images * perImage];
    Arrays.fill(roiClasses, -1);
    float[] roiBoxTargets = new float[images * perImage * 4];
    float[] maskRois = new float[images * maskRoisPerImage * 4];
    int[] maskClasses = new int[images * maskRoisPerImage];
    float[] maskTargets = new float[images * maskRoisPerImage * cells];
    int foreground = 0;
    for (int image = 0; image < images; image++) {
      List<Box> boxes = proposals.get(image).stream().map(Proposal::box).toList();
      List<Roi> sample = sampler.sample(boxes, truths.get(image).groundTruths(), seeds[image]);
      int maskSlot = 0;
      for (int k = 0; k < sample.size(); k++) {
        Roi roi = sample.get(k);
        int slot = image * perImage + k;
        put(rois, slot, roi.box());
        roiClasses[slot] = roi.classTarget();
        roiBoxTargets[4 * slot] = (float) roi.boxTarget().dy();
        roiBoxTargets[4 * slot + 1] = (float) roi.boxTarget().dx();
        roiBoxTargets[4 * slot + 2] = (float) roi.boxTarget().dh();
        roiBoxTargets[4 * slot + 3] = (float) roi.boxTarget().dw();
        if (roi.foreground() && maskSlot < maskRoisPerImage) {
          int m = image * maskRoisPerImage + maskSlot++;
          put(maskRois, m, roi.box());
          maskClasses[m] = roi.classTarget();
          float[] target = MaskTargets.crop(truths.get(image).masks().get(roi.groundTruth()), roi.box());
          System.arraycopy(target, 0, maskTargets, m * cells, cells);
          foreground++;
        }
      }
    }
    return new Heads(rois, roiClasses, roiBoxTargets, maskRois, maskClasses, maskTargets, foreground);
  }

  private static void put(float[] boxes, int slot, Box box) {
    boxes[4 * slot] = (float) box.ymin();
    boxes[4 * slot + 1] = (float) box.xmin();
    boxes[4 * slot + 2] = (float) box.ymax();
    boxes[4 * slot + 3] = (float) box.xmax();
  }
}
