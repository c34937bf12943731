package dev.segtpu.trainer.train;

import dev.segtpu.trainer.eval.coco.BinaryMask;
import dev.segtpu.trainer.eval.coco.Box;
import dev.segtpu.trainer.eval.coco.CocoEvaluator;
import dev.segtpu.trainer.eval.coco.Detection;
import dev.segtpu.trainer.eval.coco.GroundTruth;
import dev.segtpu.trainer.eval.coco.ImageAnnotations;
import dev.segtpu.trainer.eval.coco.IouType;
import dev.segtpu.trainer.input.Dataset;
import dev.segtpu.trainer.input.InputSpec;
import dev.segtpu.trainer.input.InstanceBatch;
import dev.segtpu.trainer.input.InstanceBatches;
import dev.segtpu.trainer.input.InstanceSources;
import dev.segtpu.trainer.input.coco.InstanceExample;
import dev.segtpu.trainer.model.HostArrays;
import dev.segtpu.trainer.model.maskrcnn.MaskRcnnGraph;
import dev.segtpu.trainer.model.maskrcnn.MaskRcnnInference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One pass over the evaluation split through the inference tower, one image per run, scored with COCO's protocol
 * for boxes and for masks ({@link CocoEvaluator}); a mask pixel belongs to a detection where its probability is at
 * least one half, as the reference's evaluation binarises pasted masks.
 *
 * <p>Evaluated at the network's input resolution: boxes, masks and the ground truth's areas are those of the
 * resized image. AP, AP50 and AP75 do not depend on the scale; on COCO images resized by a factor other than
 * one, the small/medium/large split would be drawn on resized areas instead of the annotations' own.
 */
final class MaskRcnnEvaluator {

  /** The reference's mask binarisation threshold. */
  static final float MASK_THRESHOLD = 0.5f;

  private final MaskRcnnGraph graph;
  private final InputSpec spec;

  MaskRcnnEvaluator(MaskRcnnGraph graph, InputSpec spec) {
    this.graph = graph;
    this.spec = spec;
  }

  InstanceEvaluation evaluate(Session session, long step) {
    long began = System.nanoTime();
    List<ImageAnnotations> images = new ArrayList<>();
    long detections = 0;
    try (Dataset<InstanceExample> dataset = InstanceSources.openEvaluation(spec)) {
      InstanceBatches batches = InstanceSources.evaluation(dataset, spec, graph.spec().maxInstances());
      long count = (batches.examplesPerEpoch() + spec.batchSize() - 1) / spec.batchSize();
      for (long b = 0; b < count; b++) {
        InstanceBatch batch = batches.batch(b);
        for (int image = 0; image < batch.size(); image++) {
          if (batch.sourceIds()[image] == null) {
            continue;
          }
          ImageAnnotations annotated = annotate(session, batch, image, images.size());
          detections += annotated.detections().size();
          images.add(annotated);
        }
      }
    }
    return new InstanceEvaluation(step, new CocoEvaluator(IouType.BBOX).evaluate(images),
        new CocoEvaluator(IouType.SEGM).evaluate(images), images.size(), detections, (System.nanoTime() - began) / 1e9);
  }

  private ImageAnnotations annotate(Session session, InstanceBatch batch, int image, long imageId) {
    int size = batch.imageSize();
    int pixels = size * size;
    float[] input = Arrays.copyOfRange(batch.images(), image * pixels * 3, (image + 1) * pixels * 3);
    MaskRcnnInference inference = graph.inference();
    List<Detection> detections = new ArrayList<>();
    try (TFloat32 tensor = HostArrays.tensor(Shape.of(1, size, size, 3), input);
         var result = session.runner().feed(inference.image(), tensor).fetch(inference.boxes()).fetch(inference.scores())
             .fetch(inference.classes()).fetch(inference.count()).fetch(inference.masks()).run()) {
      float[] boxes = HostArrays.floats((TFloat32) result.get(0));
      float[] scores = HostArrays.floats((TFloat32) result.get(1));
      int[] classes = HostArrays.ints((TInt32) result.get(2));
      int made = ((TInt32) result.get(3)).getInt();
      float[] masks = HostArrays.floats((TFloat32) result.get(4));
      for (int d = 0; d < made; d++) {
        boolean[] mask = new boolean[pixels];
        for (int p = 0; p < pixels; p++) {
          mask[p] = masks[d * pixels + p] >= MASK_THRESHOLD;
        }
        detections.add(new Detection(classes[d], box(boxes, d), scores[d], new BinaryMask(size, size, mask)));
      }
    }
    List<GroundTruth> truths = new ArrayList<>();
    for (int slot : batch.objectSlots(image)) {
      BinaryMask binary = new BinaryMask(size, size, batch.maskPixels(slot));
      truths.add(new GroundTruth(batch.classes()[slot], box(batch.boxes(), slot), binary.area(), batch.crowd()[slot], binary));
    }
    return new ImageAnnotations(imageId, truths, detections);
  }

  /** Row {@code row} of [ymin, xmin, ymax, xmax] rows as COCO's [x, y, width, height]. */
  private static Box box(float[] boxes, int row) {
    float ymin = boxes[4 * row];
    float xmin = boxes[4 * row + 1];
    return new Box(xmin, ymin, Math.max(0, boxes[4 * row + 3] - xmin), Math.max(0, boxes[4 * row + 2] - ymin));
  }
}
