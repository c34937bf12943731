package dev.segtpu.trainer.model.maskrcnn.targets;

/**
 * Faster R-CNN box deltas as {@code box_utils.encode_boxes} / {@code decode_boxes}: centre offsets over the
 * reference box's size and log size ratios, each multiplied by its weight; sizes are pixel-inclusive ({@code
 * ymax - ymin + 1}, Detectron's convention that box_utils keeps), and decoding caps {@code th}, {@code tw} at
 * {@code log(1000 / 16)} ({@code BBOX_XFORM_CLIP}) so an untrained head cannot overflow {@code exp}.
 *
 * <p>Deviation: the reference encodes RPN targets with the object-detection API's {@code FasterRcnnBoxCoder}
 * (sizes without {@code +1}) but decodes RPN outputs with box_utils (sizes with {@code +1}); one coder serves
 * both here, so what the RPN is taught is exactly what proposal decoding undoes.
 */
public record BoxCoder(double weightY, double weightX, double weightH, double weightW) {

  /** Unweighted, as the reference's RPN ({@code FasterRcnnBoxCoder()} without scale factors). */
  public static final BoxCoder RPN = new BoxCoder(1, 1, 1, 1);

  /** The box head's {@code bbox_reg_weights: [10., 10., 5., 5.]}. */
  public static final BoxCoder BOX_HEAD = new BoxCoder(10, 10, 5, 5);

  /** {@code BBOX_XFORM_CLIP}: no decoded box grows beyond 1000/16 times its reference box. */
  public static final double SIZE_CLIP = Math.log(1000.0 / 16.0);

  /** How {@code box} is reached from {@code reference}. */
  public BoxDelta encode(Box box, Box reference) {
    Extent target = Extent.of(box);
    Extent from = Extent.of(reference);
    return new BoxDelta(
        (target.centreY - from.centreY) / from.height * weightY,
        (target.centreX - from.centreX) / from.width * weightX,
        Math.log(target.height / from.height) * weightH,
        Math.log(target.width / from.width) * weightW);
  }

  /** The box that {@code delta} describes against {@code reference}. */
  public Box decode(BoxDelta delta, Box reference) {
    Extent from = Extent.of(reference);
    double centreY = delta.dy() / weightY * from.height + from.centreY;
    double centreX = delta.dx() / weightX * from.width + from.centreX;
    double height = Math.exp(Math.min(delta.dh() / weightH, SIZE_CLIP)) * from.height;
    double width = Math.exp(Math.min(delta.dw() / weightW, SIZE_CLIP)) * from.width;
    double ymin = centreY - 0.5 * height;
    double xmin = centreX - 0.5 * width;
    return new Box(ymin, xmin, ymin + height - 1.0, xmin + width - 1.0);
  }

  /** Centre and pixel-inclusive size of a box. */
  private record Extent(double centreY, double centreX, double height, double width) {

    static Extent of(Box box) {
      double height = box.ymax() - box.ymin() + 1.0;
      double width = box.xmax() - box.xmin() + 1.0;
      return new Extent(box.ymin() + 0.5 * height, box.xmin() + 0.5 * width, height, width);
    }
  }
}
