package dev.segtpu.trainer.input.augment;

import dev.segtpu.trainer.input.coco.Instance;
import dev.segtpu.trainer.input.coco.InstanceExample;
import dev.segtpu.trainer.input.coco.PixelBox;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Resizes an instance example into a padded square ({@link SquareFit}): image bilinear, masks nearest
 * neighbour (a mask stays 0/1), both with TF1's legacy sampling as the Mask R-CNN reference; boxes and areas
 * scaled by the same factor. An object whose scaled box has no width or height is dropped, as the
 * reference keeps only non-empty boxes: it gives the box head nothing to regress to.
 */
final class InstanceResize {

  private InstanceResize() {}

  static AugmentedInstances apply(InstanceExample example, SquareFit fit, boolean flipped) {
    int size = fit.size();
    ResampleAxis rows = ResampleAxis.legacy(example.height(), fit.scaledHeight(), size);
    ResampleAxis columns = ResampleAxis.legacy(example.width(), fit.scaledWidth(), size);
    float[] image = new float[size * size * 3];
    Arrays.fill(image, CropTarget.PAD_PIXEL);
    for (int y = 0; y < fit.scaledHeight(); y++) {
      for (int x = 0; x < fit.scaledWidth(); x++) {
        int out = (y * size + x) * 3;
        for (int c = 0; c < 3; c++) {
          image[out + c] = rows.bilinear(example.rgb(), example.width(), columns, y, x, c);
        }
      }
    }
    List<Instance> kept = new ArrayList<>(example.instances().size());
    for (Instance instance : example.instances()) {
      PixelBox box = scaled(instance.box(), fit.scale());
      if (box.x1() > box.x0() && box.y1() > box.y0()) {
        kept.add(new Instance(instance.categoryId(), box, (float) (instance.area() * fit.scale() * fit.scale()),
            instance.crowd(), mask(instance.mask(), example.width(), rows, columns, fit)));
      }
    }
    return new AugmentedInstances(example.sourceId(), size, image, kept, fit.scale(), flipped);
  }

  private static PixelBox scaled(PixelBox box, double scale) {
    return new PixelBox(box.x0() * scale, box.y0() * scale, box.x1() * scale, box.y1() * scale);
  }

  private static boolean[] mask(boolean[] source, int width, ResampleAxis rows, ResampleAxis columns,
                                SquareFit fit) {
    int size = fit.size();
    boolean[] out = new boolean[size * size];
    for (int y = 0; y < fit.scaledHeight(); y++) {
      int sourceRow = rows.nearest()[y] * width;
      for (int x = 0; x < fit.scaledWidth(); x++) {
        out[y * size + x] = source[sourceRow + columns.nearest()[x]];
      }
    }
    return out;
  }
}
