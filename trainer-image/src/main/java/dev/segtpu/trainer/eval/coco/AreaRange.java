package dev.segtpu.trainer.eval.coco;

/**
 * cocoeval's area ranges, in its order (all, small, medium, large). Both bounds are inclusive, as in
 * cocoeval, so an object of exactly 32² pixels is both small and medium.
 */
enum AreaRange {
  ALL(0, 1e5 * 1e5),
  SMALL(0, 32 * 32),
  MEDIUM(32 * 32, 96 * 96),
  LARGE(96 * 96, 1e5 * 1e5);

  private final double min;
  private final double max;

  AreaRange(double min, double max) {
    this.min = min;
    this.max = max;
  }

  boolean contains(double area) {
    return !(area < min || area > max);
  }
}
