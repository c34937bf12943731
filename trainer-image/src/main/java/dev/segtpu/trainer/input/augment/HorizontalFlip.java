package dev.segtpu.trainer.input.augment;

import dev.segtpu.trainer.input.coco.Instance;
import dev.segtpu.trainer.input.coco.InstanceExample;
import dev.segtpu.trainer.input.coco.PixelBox;
import java.util.ArrayList;
import java.util.List;

/**
 * Mirrors an instance example left to right: image, every mask, and every box, so each box stays the box of
 * its mirrored mask. Boxes are in pixel edges, so column edge x becomes width − x and the two sides swap.
 * Done on the source image, before resizing, as the reference's random_horizontal_flip: mirroring after
 * padding would move the padding to the left.
 */
final class HorizontalFlip {

  private HorizontalFlip() {}

  static InstanceExample of(InstanceExample example) {
    int width = example.width();
    List<Instance> mirrored = new ArrayList<>(example.instances().size());
    for (Instance instance : example.instances()) {
      PixelBox box = instance.box();
      mirrored.add(new Instance(instance.categoryId(),
          new PixelBox(width - box.x1(), box.y0(), width - box.x0(), box.y1()),
          instance.area(), instance.crowd(), mirrorRows(instance.mask(), width)));
    }
    return new InstanceExample(example.sourceId(), width, example.height(),
        mirrorRows(example.rgb(), width, 3), mirrored);
  }

  private static byte[] mirrorRows(byte[] pixels, int width, int channels) {
    byte[] out = new byte[pixels.length];
    int stride = width * channels;
    for (int row = 0; row < pixels.length; row += stride) {
      for (int x = 0; x < width; x++) {
        System.arraycopy(pixels, row + x * channels, out, row + (width - 1 - x) * channels, channels);
      }
    }
    return out;
  }

  private static boolean[] mirrorRows(boolean[] mask, int width) {
    boolean[] out = new boolean[mask.length];
    for (int row = 0; row < mask.length; row += width) {
      for (int x = 0; x < width; x++) {
        out[row + width - 1 - x] = mask[row + x];
      }
    }
    return out;
  }
}
