package dev.segtpu.trainer.model.maskrcnn.targets;

/**
 * Where one pyramid level's anchors sit in the flat anchor list: {@code gridHeight × gridWidth} locations of
 * {@code anchorsPerLocation} anchors each, starting at {@code offset}, in the reference's order (row, column,
 * then anchor shape), which is also the order of that level's {@code [height, width, anchors]} head outputs
 * ({@code anchors.py}, {@code unpack_labels}).
 */
public record AnchorLevel(int level, int gridHeight, int gridWidth, int anchorsPerLocation, int offset) {

  public int stride() {
    return 1 << level;
  }

  public int count() {
    return gridHeight * gridWidth * anchorsPerLocation;
  }

  /** The anchor's position within this level, for {@code (row, column, shape)}. */
  public int indexWithin(int row, int column, int shape) {
    return (row * gridWidth + column) * anchorsPerLocation + shape;
  }
}
