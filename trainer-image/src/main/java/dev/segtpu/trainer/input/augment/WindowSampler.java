package dev.segtpu.trainer.input.augment;

import dev.segtpu.trainer.input.SegmentationExample;
import java.util.Arrays;

/**
 * Writes a crop window of the rescaled example straight into a batch slot, computing only the pixels
 * inside the window. Image: bilinear; labels: nearest neighbour; both with TF1's align_corners=True,
 * as the reference's resize_bilinear / resize_nearest_neighbor.
 * Window pixels outside the rescaled image are padding (mean pixel, ignore label); a flip mirrors the
 * window horizontally.
 */
final class WindowSampler {

  private WindowSampler() {}

  static void sample(SegmentationExample example, CropWindow window, CropTarget target) {
    int size = target.size();
    ResampleAxis columns = ResampleAxis.alignedCorners(example.width(), window.scaledWidth(), window.left(), size,
        window.flip());
    ResampleAxis rows = ResampleAxis.alignedCorners(example.height(), window.scaledHeight(), window.top(), size,
        false);
    float[] images = target.images();
    int[] labels = target.labels();
    for (int y = 0; y < size; y++) {
      int out = target.imageOffset() + y * size * 3;
      int labelOut = target.labelOffset() + y * size;
      if (!rows.inside()[y]) {
        Arrays.fill(images, out, out + size * 3, CropTarget.PAD_PIXEL);
        Arrays.fill(labels, labelOut, labelOut + size, SegmentationExample.IGNORE_LABEL);
        continue;
      }
      int labelRow = rows.nearest()[y] * example.width();
      for (int x = 0; x < size; x++, out += 3) {
        if (!columns.inside()[x]) {
          Arrays.fill(images, out, out + 3, CropTarget.PAD_PIXEL);
          labels[labelOut + x] = SegmentationExample.IGNORE_LABEL;
          continue;
        }
        for (int c = 0; c < 3; c++) {
          images[out + c] = rows.bilinear(example.rgb(), example.width(), columns, y, x, c);
        }
        labels[labelOut + x] = example.labels()[labelRow + columns.nearest()[x]] & 0xff;
      }
    }
  }
}
