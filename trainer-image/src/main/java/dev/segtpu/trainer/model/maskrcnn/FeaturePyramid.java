package dev.segtpu.trainer.model.maskrcnn;

import dev.segtpu.trainer.model.FanOut;
import dev.segtpu.trainer.model.Layers;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The feature pyramid network (Lin et al., CVPR 2017) on a backbone's outputs C2..C5, as the TPU
 * reference builds it ({@code models/official/mask_rcnn/fpn.py} with {@code min_level 2, max_level 6}): a
 * 1×1 lateral convolution per level ({@code l<k>}), a top-down pathway that adds the 2× nearest-neighbour
 * upsampled coarser level to each lateral, a 3×3 output convolution per level ({@code post_hoc_d<k>}), all
 * with {@value #FILTERS} channels and biases and without normalisation or activation; and one level above
 * the backbone's top made as the reference does when {@code max_level} is one past it, a max-pool of the top
 * output with kernel 1 and stride 2 (VALID): plain subsampling, P6 = P5[::2, ::2].
 *
 * <p>Kernels are the project's He-normal initialisation ({@code ParameterStore}), where
 * {@code tf.layers.conv2d} would use Glorot-uniform; biases start at zero as there.
 */
public final class FeaturePyramid {

  /** The reference's {@code filters} (the FPN paper's d = 256). */
  public static final int FILTERS = 256;

  private final int filters;

  public FeaturePyramid() {
    this(FILTERS);
  }

  /** Fewer channels than the reference: for tests that check gradients on small maps. */
  public FeaturePyramid(int filters) {
    this.filters = filters;
  }

  /**
   * The pyramid P_min..P_(max+1) of the backbone's consecutive levels C_min..C_max (each half the size of
   * the one below), with variables under {@code fpn/}.
   */
  public NavigableMap<Integer, Operand<TFloat32>> build(Layers layers, NavigableMap<Integer, Operand<TFloat32>> backbone) {
    Layers fpn = layers.in("fpn");
    int top = backbone.lastKey();
    NavigableMap<Integer, Operand<TFloat32>> merged = new TreeMap<>();
    for (int level = top; level >= backbone.firstKey(); level--) {
      Operand<TFloat32> lateral = fpn.biasedConv("l" + level, level(backbone, level), 1, filters);
      merged.put(level, level == top ? lateral : fpn.add(fpn.upsampleNearest(merged.get(level + 1), 2), lateral));
    }
    NavigableMap<Integer, Operand<TFloat32>> pyramid = new TreeMap<>();
    merged.forEach((level, features) -> pyramid.put(level, fpn.biasedConv("post_hoc_d" + level, features, 3, filters)));
    List<Operand<TFloat32>> topCopies = FanOut.copies(layers.tf(), pyramid.get(top), 2);
    pyramid.put(top, topCopies.get(0));
    pyramid.put(top + 1, fpn.maxPool(topCopies.get(1), 1, 2, "VALID"));
    return pyramid;
  }

  private static Operand<TFloat32> level(NavigableMap<Integer, Operand<TFloat32>> backbone, int level) {
    Operand<TFloat32> features = backbone.get(level);
    if (features == null) {
      throw new IllegalArgumentException("backbone levels must be consecutive, missing C" + level + " in " + backbone.keySet());
    }
    return features;
  }
}
