package dev.segtpu.trainer.input.coco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.segtpu.trainer.dataset.CocoExampleEncoder;
import dev.segtpu.trainer.dataset.ImageFormat;
import dev.segtpu.trainer.input.example.MalformedExampleException;
import dev.segtpu.trainer.input.synthetic.SyntheticInstanceScenes;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.BytesList;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.FloatList;
import org.tensorflow.proto.Int64List;

class CocoExampleDecoderTest {

  private static final int HEIGHT = 20;
  private static final int WIDTH = 30;

  private final CocoExampleDecoder decoder = new CocoExampleDecoder();

  @Test
  void encodingThenDecodingKeepsImageIdsBoxesAreasCrowdFlagsAndMasks() {
    InstanceExample original = twoObjects();

    InstanceExample decoded = decoder.decode(new CocoExampleEncoder(ImageFormat.PNG).encode(original));

    assertThat(decoded.sourceId()).isEqualTo("42");
    assertThat(decoded.width()).isEqualTo(WIDTH);
    assertThat(decoded.height()).isEqualTo(HEIGHT);
    assertThat(decoded.rgb()).isEqualTo(original.rgb());
    assertThat(decoded.instances()).hasSize(2);
    for (int i = 0; i < 2; i++) {
      Instance expected = original.instances().get(i);
      Instance read = decoded.instances().get(i);
      assertThat(read.categoryId()).isEqualTo(expected.categoryId());
      assertThat(read.crowd()).isEqualTo(expected.crowd());
      assertThat(read.area()).isEqualTo(expected.area());
      assertThat(read.mask()).isEqualTo(expected.mask());
      assertThat(read.box().x0()).isCloseTo(expected.box().x0(), within(1.0));
      assertThat(read.box().y0()).isCloseTo(expected.box().y0(), within(1.0));
      assertThat(read.box().x1()).isCloseTo(expected.box().x1(), within(1.0));
      assertThat(read.box().y1()).isCloseTo(expected.box().y1(), within(1.0));
    }
  }

  @Test
  void syntheticScenesSurviveTheRoundTripExactlyButForBoxRounding() {
    SyntheticInstanceScenes scenes = new SyntheticInstanceScenes(5, 12);
    for (int index = 0; index < 6; index++) {
      InstanceExample original = scenes.render(index, 48, 64);

      InstanceExample decoded = decoder.decode(new CocoExampleEncoder(ImageFormat.PNG).encode(original));

      assertThat(decoded.rgb()).isEqualTo(original.rgb());
      assertThat(decoded.instances()).hasSameSizeAs(original.instances());
      for (int i = 0; i < original.instances().size(); i++) {
        Instance expected = original.instances().get(i);
        Instance read = decoded.instances().get(i);
        assertThat(read.mask()).isEqualTo(expected.mask());
        assertThat(read.categoryId()).isEqualTo(expected.categoryId());
        assertThat(read.crowd()).isEqualTo(expected.crowd());
        assertThat(Math.round(read.box().x0())).isEqualTo(Math.round(expected.box().x0()));
        assertThat(Math.round(read.box().y1())).isEqualTo(Math.round(expected.box().y1()));
      }
    }
  }

  @Test
  void jpegImagesDecodeAndMasksStayExact() {
    InstanceExample original = twoObjects();

    InstanceExample decoded = decoder.decode(new CocoExampleEncoder(ImageFormat.JPEG).encode(original));

    assertThat(decoded.instances().get(0).mask()).isEqualTo(original.instances().get(0).mask());
    assertThat(decoded.rgb()).hasSameSizeAs(original.rgb());
  }

  @Test
  void masksOf0And255ReadTheSameAsMasksOf0And1() throws IOException {
    InstanceExample original = twoObjects();
    byte[] values = new byte[HEIGHT * WIDTH];
    boolean[] mask = original.instances().get(0).mask();
    for (int i = 0; i < values.length; i++) {
      values[i] = (byte) (mask[i] ? 255 : 0);
    }
    Example example = withMasks(encoded(original), grayPng(HEIGHT, WIDTH, values),
        grayPng(HEIGHT, WIDTH, asBytes(original.instances().get(1).mask())));

    assertThat(decoder.decode(example.toByteArray()).instances().get(0).mask()).isEqualTo(mask);
  }

  @Test
  void anAbsentCrowdListMeansNoCrowdAndAnAbsentAreaMeansTheBoxArea() {
    Example example = without(encoded(twoObjects()), CocoFeatureKeys.IS_CROWD, CocoFeatureKeys.AREA);

    List<Instance> instances = decoder.decode(example.toByteArray()).instances();

    assertThat(instances).noneMatch(Instance::crowd);
    PixelBox box = instances.get(0).box();
    assertThat((double) instances.get(0).area()).isCloseTo((box.x1() - box.x0()) * (box.y1() - box.y0()), within(0.01));
  }

  @Test
  void aSceneWithoutObjectsDecodesToNoInstances() {
    InstanceExample empty = new InstanceExample("7", WIDTH, HEIGHT, new byte[HEIGHT * WIDTH * 3], List.of());

    assertThat(decoder.decode(new CocoExampleEncoder(ImageFormat.PNG).encode(empty)).instances()).isEmpty();
  }

  @Test
  void perObjectListsOfDifferentLengthsNameTheKeyAndSayTheyMustAgree() {
    Example example = withFeature(encoded(twoObjects()), CocoFeatureKeys.BOX_YMIN, floats(0.1f));

    assertMalformed(example, CocoFeatureKeys.BOX_YMIN, "has 1 values but " + CocoFeatureKeys.CLASS_LABEL + " has 2",
        "one value per object");
  }

  @Test
  void aMaskListOfAnotherLengthIsNamed() {
    Example example = withFeature(encoded(twoObjects()), CocoFeatureKeys.MASK,
        bytesFeature(maskOf(encoded(twoObjects()), 0)));

    assertMalformed(example, CocoFeatureKeys.MASK, "has 1 values", "one value per object");
  }

  @Test
  void objectsWithoutMasksAreRefusedWithTheReferenceFlagThatWritesThem() {
    Example example = without(encoded(twoObjects()), CocoFeatureKeys.MASK);

    assertMalformed(example, CocoFeatureKeys.MASK, "--include_masks");
  }

  @Test
  void aBoxCoordinateOutsideTheUnitIntervalSaysBoxesAreNormalised() {
    Example example = withFeature(encoded(twoObjects()), CocoFeatureKeys.BOX_XMAX, floats(0.5f, 1.5f));

    assertMalformed(example, "object 1 of source_id 42", CocoFeatureKeys.BOX_XMAX, "outside [0, 1]",
        "divide the pixel coordinates by the image size");
  }

  @Test
  void aNegativeBoxCoordinateIsOutsideTheImageToo() {
    Example example = withFeature(encoded(twoObjects()), CocoFeatureKeys.BOX_YMIN, floats(-0.1f, 0.1f));

    assertMalformed(example, "object 0", CocoFeatureKeys.BOX_YMIN, "outside [0, 1]");
  }

  @Test
  void anInsideOutBoxNamesBothKeysAndTheCornerOrder() {
    Example example = withFeature(encoded(twoObjects()), CocoFeatureKeys.BOX_XMIN, floats(0.9f, 0.1f));

    assertMalformed(example, "object 0", CocoFeatureKeys.BOX_XMIN + " 0.9 exceeds " + CocoFeatureKeys.BOX_XMAX,
        "top-left (min) and bottom-right (max)");
  }

  @Test
  void aNotANumberBoxCoordinateIsRefused() {
    Example example = withFeature(encoded(twoObjects()), CocoFeatureKeys.BOX_YMAX, floats(Float.NaN, 0.5f));

    assertMalformed(example, "object 0", CocoFeatureKeys.BOX_YMAX, "NaN");
  }

  @Test
  void categoryIdZeroIsBackgroundAndRefused() {
    Example example = withFeature(encoded(twoObjects()), CocoFeatureKeys.CLASS_LABEL, int64s(0, 3));

    assertMalformed(example, "object 0", CocoFeatureKeys.CLASS_LABEL + " 0", "1..90", "not a contiguous 0-based");
  }

  @Test
  void categoryIdAbove90IsRefused() {
    Example example = withFeature(encoded(twoObjects()), CocoFeatureKeys.CLASS_LABEL, int64s(1, 91));

    assertMalformed(example, "object 1", CocoFeatureKeys.CLASS_LABEL + " 91", "1..90");
  }

  @Test
  void aMaskOfAnotherSizeThanTheImageSaysMasksCoverTheWholeImage() throws IOException {
    Example valid = encoded(twoObjects());
    Example example = withMasks(valid, maskOf(valid, 0), grayPng(HEIGHT, WIDTH - 1, new byte[HEIGHT * (WIDTH - 1)]));

    assertMalformed(example, "object 1", CocoFeatureKeys.MASK + " is 20x29 but the image is 20x30",
        "a PNG of the whole image");
  }

  @Test
  void aFeatureOfTheWrongKindNamesTheKeyAndBothKinds() {
    Example example = withFeature(encoded(twoObjects()), CocoFeatureKeys.BOX_XMIN, int64s(0, 0));

    assertMalformed(example, CocoFeatureKeys.BOX_XMIN, "holds int64 values but must hold float");
  }

  @Test
  void aDeclaredSizeThatIsNotTheImageSizeIsRefused() {
    Example example = withFeature(encoded(twoObjects()), CocoFeatureKeys.IMAGE_HEIGHT, int64s(21));

    assertMalformed(example, "source_id 42 declares 21x30", CocoFeatureKeys.IMAGE_HEIGHT);
  }

  @Test
  void aMissingImageIsNamed() {
    Example example = without(encoded(twoObjects()), CocoFeatureKeys.IMAGE_ENCODED);

    assertMalformed(example, CocoFeatureKeys.IMAGE_ENCODED, "missing");
  }

  private void assertMalformed(Example example, String... fragments) {
    assertThatThrownBy(() -> decoder.decode(example.toByteArray()))
        .isInstanceOf(MalformedExampleException.class)
        .hasMessageContainingAll(fragments);
  }

  /** A striped 20x30 image with a rectangle (category 3) partly covered by a crowd region (category 90). */
  private static InstanceExample twoObjects() {
    byte[] rgb = new byte[HEIGHT * WIDTH * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) (i * 7 % 251);
    }
    boolean[] first = new boolean[HEIGHT * WIDTH];
    boolean[] second = new boolean[HEIGHT * WIDTH];
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        boolean inSecond = y >= 8 && y < 17 && x >= 12 && x < 27;
        second[y * WIDTH + x] = inSecond;
        first[y * WIDTH + x] = !inSecond && y >= 2 && y < 12 && x >= 3 && x < 15;
      }
    }
    return new InstanceExample("42", WIDTH, HEIGHT, rgb, List.of(
        new Instance(3, PixelBox.around(first, WIDTH), 108, false, first),
        new Instance(90, PixelBox.around(second, WIDTH), 135, true, second)));
  }

  private static Example encoded(InstanceExample example) {
    try {
      return Example.parseFrom(new CocoExampleEncoder(ImageFormat.PNG).encode(example));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Example withFeature(Example example, String key, Feature feature) {
    return example.toBuilder().setFeatures(example.getFeatures().toBuilder().putFeature(key, feature)).build();
  }

  private static Example withMasks(Example example, byte[]... pngs) {
    return withFeature(example, CocoFeatureKeys.MASK, bytesFeature(pngs));
  }

  private static Example without(Example example, String... keys) {
    var features = example.getFeatures().toBuilder();
    for (String key : keys) {
      features.removeFeature(key);
    }
    return example.toBuilder().setFeatures(features).build();
  }

  private static byte[] maskOf(Example example, int object) {
    return example.getFeatures().getFeatureMap().get(CocoFeatureKeys.MASK).getBytesList().getValue(object)
        .toByteArray();
  }

  private static Feature floats(float... values) {
    FloatList.Builder list = FloatList.newBuilder();
    for (float value : values) {
      list.addValue(value);
    }
    return Feature.newBuilder().setFloatList(list).build();
  }

  private static Feature int64s(long... values) {
    Int64List.Builder list = Int64List.newBuilder();
    for (long value : values) {
      list.addValue(value);
    }
    return Feature.newBuilder().setInt64List(list).build();
  }

  private static Feature bytesFeature(byte[]... values) {
    BytesList.Builder list = BytesList.newBuilder();
    for (byte[] value : values) {
      list.addValue(ByteString.copyFrom(value));
    }
    return Feature.newBuilder().setBytesList(list).build();
  }

  private static byte[] asBytes(boolean[] mask) {
    byte[] values = new byte[mask.length];
    for (int i = 0; i < mask.length; i++) {
      values[i] = (byte) (mask[i] ? 1 : 0);
    }
    return values;
  }

  private static byte[] grayPng(int height, int width, byte[] values) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    System.arraycopy(values, 0, ((DataBufferByte) image.getRaster().getDataBuffer()).getData(), 0, values.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
