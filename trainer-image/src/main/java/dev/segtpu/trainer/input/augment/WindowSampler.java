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
    Axis columns = Axis.of(example.width(), window.scaledWidth(), window.left(), size, window.flip());
    Axis rows = Axis.of(example.height(), window.scaledHeight(), window.top(), size, false);
    float[] images = target.images();
    int[] labels = target.labels();
    byte[] rgb = example.rgb();
    int rowStride = example.width() * 3;
    for (int y = 0; y < size; y++) {
      int out = target.imageOffset() + y * size * 3;
      int labelOut = target.labelOffset() + y * size;
      if (!rows.inside[y]) {
        Arrays.fill(images, out, out + size * 3, CropTarget.PAD_PIXEL);
        Arrays.fill(labels, labelOut, labelOut + size, SegmentationExample.IGNORE_LABEL);
        continue;
      }
      int row0 = rows.low[y] * rowStride;
      int row1 = rows.high[y] * rowStride;
      float wy = rows.weight[y];
      int labelRow = rows.nearest[y] * example.width();
      for (int x = 0; x < size; x++, out += 3) {
        if (!columns.inside[x]) {
          images[out] = CropTarget.PAD_PIXEL;
          images[out + 1] = CropTarget.PAD_PIXEL;
          images[out + 2] = CropTarget.PAD_PIXEL;
          labels[labelOut + x] = SegmentationExample.IGNORE_LABEL;
          continue;
        }
        int c0 = columns.low[x] * 3;
        int c1 = columns.high[x] * 3;
        float wx = columns.weight[x];
        for (int c = 0; c < 3; c++) {
          float topLeft = rgb[row0 + c0 + c] & 0xff;
          float topRight = rgb[row0 + c1 + c] & 0xff;
          float bottomLeft = rgb[row1 + c0 + c] & 0xff;
          float bottomRight = rgb[row1 + c1 + c] & 0xff;
          float upper = topLeft + (topRight - topLeft) * wx;
          float lower = bottomLeft + (bottomRight - bottomLeft) * wx;
          images[out + c] = upper + (lower - upper) * wy;
        }
        labels[labelOut + x] = example.labels()[labelRow + columns.nearest[x]] & 0xff;
      }
    }
  }

  /** Source coordinates along one axis for each window position. */
  private record Axis(boolean[] inside, int[] low, int[] high, float[] weight, int[] nearest) {

    static Axis of(int sourceLength, int scaledLength, int start, int size, boolean mirrored) {
      boolean[] inside = new boolean[size];
      int[] low = new int[size];
      int[] high = new int[size];
      float[] weight = new float[size];
      int[] nearest = new int[size];
      float ratio = scaledLength > 1 ? (sourceLength - 1) / (float) (scaledLength - 1) : 0f;
      for (int i = 0; i < size; i++) {
        int scaled = start + (mirrored ? size - 1 - i : i);
        if (scaled < 0 || scaled >= scaledLength) {
          continue;
        }
        inside[i] = true;
        float source = scaled * ratio;
        low[i] = (int) source;
        high[i] = Math.min(low[i] + 1, sourceLength - 1);
        weight[i] = source - low[i];
        nearest[i] = Math.min(Math.round(source), sourceLength - 1);
      }
      return new Axis(inside, low, high, weight, nearest);
    }
  }
}
