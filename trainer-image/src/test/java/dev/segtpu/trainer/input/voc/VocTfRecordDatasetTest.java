package dev.segtpu.trainer.input.voc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.segtpu.trainer.dataset.ImageFormat;
import dev.segtpu.trainer.dataset.SyntheticShards;
import dev.segtpu.trainer.dataset.VocExampleEncoder;
import dev.segtpu.trainer.input.DataException;
import dev.segtpu.trainer.input.SegmentationExample;
import dev.segtpu.trainer.input.synthetic.SyntheticScenes;
import dev.segtpu.trainer.input.tfrecord.CorruptRecordException;
import dev.segtpu.trainer.input.tfrecord.TfRecordWriter;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.BytesList;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;

class VocTfRecordDatasetTest {

  private static final int CLASSES = 21;

  @TempDir
  Path dir;

  @Test
  void pngShardsDecodeToExactlyTheGeneratedScenesInIndexOrderAcrossShards() {
    SyntheticShards.write(dir, 7, 3, 30, 40, CLASSES, "png");
    SyntheticScenes scenes = new SyntheticScenes(7, CLASSES);

    try (VocTfRecordDataset dataset = VocTfRecordDataset.open(dir, "train-*.tfrecord", CLASSES)) {
      assertThat(dataset.size()).isEqualTo(7);
      for (int i : new int[] {6, 0, 3, 2}) {
        SegmentationExample expected = scenes.render(i, 30, 40);
        SegmentationExample read = dataset.example(i);
        assertThat(read.name()).isEqualTo(expected.name());
        assertThat(read.rgb()).isEqualTo(expected.rgb());
        assertThat(read.labels()).isEqualTo(expected.labels());
      }
    }
  }

  @Test
  void jpegImagesDecodeCloseToTheOriginalAndLabelsExactly() {
    SyntheticShards.write(dir, 2, 1, 48, 64, CLASSES, "jpeg");
    SegmentationExample expected = new SyntheticScenes(7, CLASSES).render(1, 48, 64);

    try (VocTfRecordDataset dataset = VocTfRecordDataset.open(dir, "*.tfrecord", CLASSES)) {
      SegmentationExample read = dataset.example(1);
      assertThat(read.labels()).isEqualTo(expected.labels());
      double meanAbsoluteError = 0;
      for (int i = 0; i < read.rgb().length; i++) {
        meanAbsoluteError += Math.abs((read.rgb()[i] & 0xff) - (expected.rgb()[i] & 0xff));
      }
      meanAbsoluteError /= read.rgb().length;
      // Lossy, noisy texture: a few levels on average, nowhere near a wrong decode (~60+).
      assertThat(meanAbsoluteError).isLessThan(12);
    }
  }

  @Test
  void paletteLabelPngsAreReadAsClassIndicesLikeVocSegmentationClass() throws IOException {
    SegmentationExample scene = new SyntheticScenes(3, CLASSES).render(0, 20, 20);
    byte[] palettePng = palettePng(scene);
    writeRecord(exampleWithLabel(scene, palettePng));

    try (VocTfRecordDataset dataset = VocTfRecordDataset.open(dir, "*.tfrecord", CLASSES)) {
      assertThat(dataset.example(0).labels()).isEqualTo(scene.labels());
    }
  }

  @Test
  void patternMatchingNoFileNamesPatternAndDirectory() {
    assertThatThrownBy(() -> VocTfRecordDataset.open(dir, "val-*.tfrecord", CLASSES))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("val-*.tfrecord")
        .hasMessageContaining(dir.toString());
  }

  @Test
  void missingDataDirectoryIsNamed() {
    Path missing = dir.resolve("not-mounted");
    assertThatThrownBy(() -> VocTfRecordDataset.open(missing, "*.tfrecord", CLASSES))
        .isInstanceOf(DataException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void recordThatIsNotAnExampleNamesFileAndOffset() {
    Path file = dir.resolve("bad.tfrecord");
    try (TfRecordWriter writer = new TfRecordWriter(file)) {
      writer.write(new VocExampleEncoder(ImageFormat.PNG)
          .encode(new SyntheticScenes(1, CLASSES).render(0, 16, 16)));
      writer.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
    }
    try (VocTfRecordDataset dataset = VocTfRecordDataset.open(dir, "*.tfrecord", CLASSES)) {
      long secondOffset = Files.size(file) - (12 + 3 + 4); // header, 3 data bytes, footer
      assertThatThrownBy(() -> dataset.example(1))
          .isInstanceOf(CorruptRecordException.class)
          .hasMessageContaining(file + " at byte offset " + secondOffset)
          .hasMessageContaining("not a tf.train.Example");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void undecodableImageNamesFileOffsetAndImage() {
    SegmentationExample scene = new SyntheticScenes(1, CLASSES).render(0, 16, 16);
    Example valid = parse(new VocExampleEncoder(ImageFormat.PNG).encode(scene));
    byte[] png = valid.getFeatures().getFeatureMap().get(VocFeatureKeys.IMAGE_ENCODED)
        .getBytesList().getValue(0).toByteArray();
    byte[] cut = Arrays.copyOf(png, png.length / 2);
    writeRecord(withFeature(valid, VocFeatureKeys.IMAGE_ENCODED, cut).toByteArray());

    try (VocTfRecordDataset dataset = VocTfRecordDataset.open(dir, "*.tfrecord", CLASSES)) {
      assertThatThrownBy(() -> dataset.example(0))
          .isInstanceOf(CorruptRecordException.class)
          .hasMessageContaining("at byte offset 0")
          .hasMessageContaining("image synthetic-00000000");
    }
  }

  @Test
  void classIdBeyondTheNumberOfClassesIsAnErrorNotATrainingSignal() {
    SegmentationExample scene = new SyntheticScenes(1, CLASSES).render(0, 16, 16);
    byte[] labels = scene.labels().clone();
    labels[5] = 40;
    writeRecord(new VocExampleEncoder(ImageFormat.PNG).encode(
        new SegmentationExample(scene.name(), 16, 16, scene.rgb(), labels)));

    try (VocTfRecordDataset dataset = VocTfRecordDataset.open(dir, "*.tfrecord", CLASSES)) {
      assertThatThrownBy(() -> dataset.example(0))
          .isInstanceOf(CorruptRecordException.class)
          .hasMessageContaining("class id 40 at pixel 5");
    }
  }

  @Test
  void missingFeatureIsNamed() {
    SegmentationExample scene = new SyntheticScenes(1, CLASSES).render(0, 16, 16);
    Example valid = parse(new VocExampleEncoder(ImageFormat.PNG).encode(scene));
    Example noMask = valid.toBuilder().setFeatures(valid.getFeatures().toBuilder()
        .removeFeature(VocFeatureKeys.LABEL_ENCODED)).build();
    writeRecord(noMask.toByteArray());

    try (VocTfRecordDataset dataset = VocTfRecordDataset.open(dir, "*.tfrecord", CLASSES)) {
      assertThatThrownBy(() -> dataset.example(0))
          .isInstanceOf(CorruptRecordException.class)
          .hasMessageContaining(VocFeatureKeys.LABEL_ENCODED);
    }
  }

  private void writeRecord(byte[] record) {
    try (TfRecordWriter writer = new TfRecordWriter(dir.resolve("one.tfrecord"))) {
      writer.write(record);
    }
  }

  private static byte[] exampleWithLabel(SegmentationExample scene, byte[] labelPng) {
    Example valid = parse(new VocExampleEncoder(ImageFormat.PNG).encode(scene));
    return withFeature(valid, VocFeatureKeys.LABEL_ENCODED, labelPng).toByteArray();
  }

  private static Example withFeature(Example example, String key, byte[] value) {
    Feature feature = Feature.newBuilder()
        .setBytesList(BytesList.newBuilder().addValue(ByteString.copyFrom(value))).build();
    return example.toBuilder().setFeatures(example.getFeatures().toBuilder().putFeature(key, feature)).build();
  }

  private static Example parse(byte[] bytes) {
    try {
      return Example.parseFrom(bytes);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A VOC-style colour-map PNG: the pixel values are palette indices, i.e. class ids. */
  private static byte[] palettePng(SegmentationExample scene) throws IOException {
    byte[] red = new byte[256];
    byte[] green = new byte[256];
    byte[] blue = new byte[256];
    for (int i = 0; i < 256; i++) {
      red[i] = (byte) (i * 37);
      green[i] = (byte) (i * 91);
      blue[i] = (byte) (255 - i);
    }
    BufferedImage image = new BufferedImage(scene.width(), scene.height(), BufferedImage.TYPE_BYTE_INDEXED,
        new IndexColorModel(8, 256, red, green, blue));
    for (int y = 0; y < scene.height(); y++) {
      for (int x = 0; x < scene.width(); x++) {
        image.getRaster().setSample(x, y, 0, scene.label(y, x));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
