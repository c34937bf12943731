package dev.segtpu.trainer.input.augment;

import java.util.function.IntUnaryOperator;

/**
 * Where each output position along one axis (rows or columns) reads from in the source image: the two
 * neighbours and weight bilinear interpolation blends, the nearest neighbour for labels and masks, and
 * whether the position falls inside the rescaled image at all (outside is padding). Computed once per
 * axis, so the per-pixel loops only look values up. Two conventions exist because the two references
 * differ: DeepLab resizes with TF1's align_corners=True, the Mask R-CNN reference with TF1's legacy
 * default (align_corners=False, no half-pixel centres), whose source coordinate is the output one times
 * source/scaled length, consistent with scaling boxes by the same factor.
 */
record ResampleAxis(boolean[] inside, int[] low, int[] high, float[] weight, int[] nearest) {

  /**
   * DeepLab's convention: output positions {@code start..start+size-1} of the source rescaled to
   * {@code scaledLength} with corners aligned, optionally mirrored; nearest rounds.
   */
  static ResampleAxis alignedCorners(int sourceLength, int scaledLength, int start, int size, boolean mirrored) {
    float ratio = scaledLength > 1 ? (sourceLength - 1) / (float) (scaledLength - 1) : 0f;
    return of(sourceLength, scaledLength, size, i -> start + (mirrored ? size - 1 - i : i), ratio, true);
  }

  /**
   * The Mask R-CNN reference's convention: the source rescaled to {@code scaledLength} at the start of a
   * {@code size}-long output, the rest padding; nearest truncates, as TF1's legacy resize_nearest_neighbor.
   */
  static ResampleAxis legacy(int sourceLength, int scaledLength, int size) {
    return of(sourceLength, scaledLength, size, i -> i, sourceLength / (float) scaledLength, false);
  }

  private static ResampleAxis of(int sourceLength, int scaledLength, int size, IntUnaryOperator scaledAt,
                                 float ratio, boolean roundNearest) {
    boolean[] inside = new boolean[size];
    int[] low = new int[size];
    int[] high = new int[size];
    float[] weight = new float[size];
    int[] nearest = new int[size];
    for (int i = 0; i < size; i++) {
      int scaled = scaledAt.applyAsInt(i);
      if (scaled < 0 || scaled >= scaledLength) {
        continue;
      }
      inside[i] = true;
      float source = scaled * ratio;
      low[i] = Math.min((int) source, sourceLength - 1);
      high[i] = Math.min(low[i] + 1, sourceLength - 1);
      weight[i] = source - low[i];
      nearest[i] = Math.min(roundNearest ? Math.round(source) : (int) source, sourceLength - 1);
    }
    return new ResampleAxis(inside, low, high, weight, nearest);
  }

  /**
   * Channel {@code c} of the bilinear sample at output row {@code y} (this axis) and column {@code x} of
   * interleaved RGB bytes {@code width} pixels a row.
   */
  float bilinear(byte[] rgb, int width, ResampleAxis columns, int y, int x, int c) {
    int row0 = low[y] * width * 3;
    int row1 = high[y] * width * 3;
    int c0 = columns.low[x] * 3 + c;
    int c1 = columns.high[x] * 3 + c;
    float wx = columns.weight[x];
    float topLeft = rgb[row0 + c0] & 0xff;
    float topRight = rgb[row0 + c1] & 0xff;
    float bottomLeft = rgb[row1 + c0] & 0xff;
    float bottomRight = rgb[row1 + c1] & 0xff;
    float upper = topLeft + (topRight - topLeft) * wx;
    float lower = bottomLeft + (bottomRight - bottomLeft) * wx;
    return upper + (lower - upper) * weight[y];
  }
}
