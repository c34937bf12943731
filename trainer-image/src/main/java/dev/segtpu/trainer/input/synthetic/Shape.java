package dev.segtpu.trainer.input.synthetic;

/**
 * Filled shapes the synthetic scenes are made of, as a point-in-shape test relative to the centre: simple
 * enough to render anywhere, different enough in outline that a model must look at shape, not only colour.
 */
enum Shape {
  CIRCLE {
    @Override
    boolean contains(int dx, int dy, int extent, double rotation) {
      return dx * dx + dy * dy <= extent * extent;
    }
  },
  RECTANGLE {
    @Override
    boolean contains(int dx, int dy, int extent, double rotation) {
      double u = dx * Math.cos(rotation) + dy * Math.sin(rotation);
      double v = -dx * Math.sin(rotation) + dy * Math.cos(rotation);
      return Math.abs(u) <= extent * 0.7 && Math.abs(v) <= extent * 0.45;
    }
  },
  TRIANGLE {
    @Override
    boolean contains(int dx, int dy, int extent, double rotation) {
      // Equilateral triangle inscribed in the circle of radius extent: inside all three edge half-planes.
      for (int k = 0; k < 3; k++) {
        double normal = rotation + k * 2 * Math.PI / 3;
        if (dx * Math.cos(normal) + dy * Math.sin(normal) > extent / 2.0) {
          return false;
        }
      }
      return true;
    }
  },
  ELLIPSE {
    @Override
    boolean contains(int dx, int dy, int extent, double rotation) {
      double u = (dx * Math.cos(rotation) + dy * Math.sin(rotation)) / extent;
      double v = (-dx * Math.sin(rotation) + dy * Math.cos(rotation)) / (extent * 0.55);
      return u * u + v * v <= 1;
    }
  };

  /** Whether the pixel at offset (dx, dy) from the centre is inside a shape of that size and rotation. */
  abstract boolean contains(int dx, int dy, int extent, double rotation);
}
