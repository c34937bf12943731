package dev.segtpu.trainer.train;

import java.util.Set;

/**
 * Which segments of the training tower recompute their activations in the backward pass instead of
 * keeping them ({@link dev.segtpu.trainer.model.Layers#segment}), by index in forward order.
 *
 * @param all every segment recomputes ({@code segments} is then ignored)
 * @param segments the indices of the recomputing segments, when not {@code all}
 */
public record Recomputation(boolean all, Set<Integer> segments) {

  /** Nothing recomputed: the tower is not cut into segments and TensorFlow takes its gradients in one go. */
  public static final Recomputation NONE = new Recomputation(false, Set.of());

  public static final Recomputation ALL = new Recomputation(true, Set.of());

  public Recomputation {
    segments = Set.copyOf(segments);
  }

  public static Recomputation of(Set<Integer> segments) {
    return segments.isEmpty() ? NONE : new Recomputation(false, segments);
  }

  public boolean recomputes(int segment) {
    return all || segments.contains(segment);
  }

  /** Whether the tower needs cutting into segments at all. */
  public boolean any() {
    return all || !segments.isEmpty();
  }
}
