package dev.segtpu.trainer.model.maskrcnn;

import dev.segtpu.trainer.model.Layers;
import dev.segtpu.trainer.model.maskrcnn.targets.Anchors;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The region proposal network's head as the reference's {@code heads.py rpn_head_fn}: one 3×3 convolution
 * ({@value #FILTERS} channels, ReLU, {@code rpn}) and two 1×1 convolutions, objectness ({@code rpn-class}, one
 * logit per anchor) and box deltas ({@code rpn-box}, four per anchor), all with biases and the same weights on
 * every pyramid level ({@code tf.AUTO_REUSE} there; here the parameter store hands every level the variables
 * of the first). A level's outputs are {@code [batch, height, width, anchors]} and {@code [batch, height,
 * width, anchors × 4]}, each anchor's four deltas {@code (ty, tx, th, tw)} consecutive: the layout of {@code
 * LevelTargets} (row, column, anchor shape), so targets need no reshuffling.
 *
 * <p>Deviation: kernels are the project's He-normal initialisation where the reference draws them from a
 * normal of standard deviation 0.01.
 */
public final class RpnHead {

  /** The reference's 256 channels of the shared convolution (the FPN's width). */
  public static final int FILTERS = 256;

  /** Three aspect ratios of one scale per location, as {@link Anchors#ASPECT_RATIOS}. */
  public static final int ANCHORS_PER_LOCATION = Anchors.ASPECT_RATIOS.size();

  private final int filters;

  public RpnHead() {
    this(FILTERS);
  }

  /** Fewer channels than the reference: for tests that check gradients on small maps. */
  public RpnHead(int filters) {
    this.filters = filters;
  }

  /** Objectness logits and box deltas of each level, keyed by level. */
  public record Outputs(NavigableMap<Integer, Operand<TFloat32>> scores, NavigableMap<Integer, Operand<TFloat32>> boxes) {}

  /** The head on every level of {@code pyramid}, with variables under {@code rpn_head/}. */
  public Outputs build(Layers layers, NavigableMap<Integer, Operand<TFloat32>> pyramid) {
    Layers head = layers.in("rpn_head");
    NavigableMap<Integer, Operand<TFloat32>> scores = new TreeMap<>();
    NavigableMap<Integer, Operand<TFloat32>> boxes = new TreeMap<>();
    pyramid.forEach((level, features) -> {
      Operand<TFloat32> shared = head.relu(head.biasedConv("rpn", features, 3, filters));
      scores.put(level, head.biasedConv("rpn-class", shared, 1, ANCHORS_PER_LOCATION));
      boxes.put(level, head.biasedConv("rpn-box", shared, 1, 4 * ANCHORS_PER_LOCATION));
    });
    return new Outputs(Collections.unmodifiableNavigableMap(scores), Collections.unmodifiableNavigableMap(boxes));
  }
}
