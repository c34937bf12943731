package dev.segtpu.trainer.input;

import dev.segtpu.trainer.input.augment.AugmentedInstances;
import dev.segtpu.trainer.input.augment.CropTarget;
import dev.segtpu.trainer.input.coco.Instance;
import java.util.Arrays;

/**
 * Fills the fixed-shape arrays of one {@link InstanceBatch}, slot by slot. An image with more objects than
 * the slots keeps the first ones in record order (the reference clips to max_num_instances the same way),
 * so the choice is deterministic.
 */
final class InstanceBatchWriter {

  private final int size;
  private final int imageSize;
  private final int maxInstances;
  private final float[] images;
  private final float[] boxes;
  private final int[] classes;
  private final boolean[] crowd;
  private final byte[] masks;
  private final int[] instanceCounts;
  private final double[] scales;
  private final String[] sourceIds;

  InstanceBatchWriter(int size, int imageSize, int maxInstances) {
    this.size = size;
    this.imageSize = imageSize;
    this.maxInstances = maxInstances;
    int pixels = imageSize * imageSize;
    images = new float[size * pixels * 3];
    boxes = new float[size * maxInstances * 4];
    classes = new int[size * maxInstances];
    Arrays.fill(classes, InstanceBatch.PADDING_CLASS);
    crowd = new boolean[size * maxInstances];
    masks = new byte[Math.multiplyExact(Math.multiplyExact(size, maxInstances), pixels)];
    instanceCounts = new int[size];
    scales = new double[size];
    sourceIds = new String[size];
  }

  void write(int slot, AugmentedInstances example) {
    System.arraycopy(example.image(), 0, images, slot * example.image().length, example.image().length);
    int count = Math.min(maxInstances, example.instances().size());
    for (int k = 0; k < count; k++) {
      Instance instance = example.instances().get(k);
      int object = slot * maxInstances + k;
      boxes[object * 4] = (float) instance.box().y0();
      boxes[object * 4 + 1] = (float) instance.box().x0();
      boxes[object * 4 + 2] = (float) instance.box().y1();
      boxes[object * 4 + 3] = (float) instance.box().x1();
      classes[object] = instance.categoryId();
      crowd[object] = instance.crowd();
      boolean[] mask = instance.mask();
      int offset = object * imageSize * imageSize;
      for (int i = 0; i < mask.length; i++) {
        masks[offset + i] = (byte) (mask[i] ? 1 : 0);
      }
    }
    instanceCounts[slot] = count;
    scales[slot] = example.scale();
    sourceIds[slot] = example.sourceId();
  }

  /** An evaluation padding image: mean pixels and no objects. */
  void writePadding(int slot) {
    int length = imageSize * imageSize * 3;
    Arrays.fill(images, slot * length, (slot + 1) * length, CropTarget.PAD_PIXEL);
  }

  InstanceBatch finish(long epoch, long position) {
    return new InstanceBatch(size, imageSize, maxInstances, images, boxes, classes, crowd, masks,
        instanceCounts, scales, sourceIds, epoch, position);
  }
}
