package dev.segtpu.trainer.input.coco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.segtpu.trainer.dataset.SyntheticShards;
import dev.segtpu.trainer.input.DataException;
import dev.segtpu.trainer.input.synthetic.SyntheticInstanceScenes;
import dev.segtpu.trainer.input.tfrecord.CorruptRecordException;
import dev.segtpu.trainer.input.tfrecord.TfRecordWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CocoTfRecordDatasetTest {

  private static final int CATEGORIES = 6;

  @TempDir
  Path dir;

  @Test
  void shardsWrittenByTheGeneratorReadBackAsTheSameScenesByIndexAcrossShards() {
    SyntheticShards.writeCoco(dir, 7, 3, 30, 40, CATEGORIES);
    SyntheticInstanceScenes scenes = new SyntheticInstanceScenes(SyntheticShards.SEED, CATEGORIES);

    try (CocoTfRecordDataset dataset = CocoTfRecordDataset.open(dir, "train-*.tfrecord")) {
      assertThat(dataset.size()).isEqualTo(7);
      for (int index : new int[] {6, 0, 3, 2, 5}) {
        assertSameExample(dataset.example(index), scenes.render(index, 30, 40));
      }
    }
  }

  @Test
  void readingAnExampleAgainReturnsTheSameExample() {
    SyntheticShards.writeCoco(dir, 4, 2, 24, 24, CATEGORIES);

    try (CocoTfRecordDataset dataset = CocoTfRecordDataset.open(dir, "*.tfrecord")) {
      InstanceExample first = dataset.example(3);
      dataset.example(0);
      assertSameExample(dataset.example(3), first);
    }
  }

  @Test
  void aPatternMatchingNoFileNamesPatternAndDirectoryAsTheVocDatasetDoes() {
    assertThatThrownBy(() -> CocoTfRecordDataset.open(dir, "val-*.tfrecord"))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("val-*.tfrecord")
        .hasMessageContaining(dir.toString());
  }

  @Test
  void aRecordThatIsNotAnExampleNamesFileAndOffset() throws Exception {
    SyntheticShards.writeCoco(dir, 1, 1, 16, 16, CATEGORIES);
    Path file = dir.resolve("z-bad.tfrecord");
    try (TfRecordWriter writer = new TfRecordWriter(file)) {
      writer.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
    }

    try (CocoTfRecordDataset dataset = CocoTfRecordDataset.open(dir, "*.tfrecord")) {
      assertThat(dataset.size()).isEqualTo(2);
      assertThat(Files.size(file)).isEqualTo(12 + 3 + 4);
      assertThatThrownBy(() -> dataset.example(1))
          .isInstanceOf(CorruptRecordException.class)
          .hasMessageContaining(file + " at byte offset 0")
          .hasMessageContaining("not a tf.train.Example");
    }
  }

  @Test
  void anIndexOutsideTheDatasetIsRefused() {
    SyntheticShards.writeCoco(dir, 2, 1, 16, 16, CATEGORIES);

    try (CocoTfRecordDataset dataset = CocoTfRecordDataset.open(dir, "*.tfrecord")) {
      assertThatThrownBy(() -> dataset.example(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  static void assertSameExample(InstanceExample actual, InstanceExample expected) {
    assertThat(actual.sourceId()).isEqualTo(expected.sourceId());
    assertThat(actual.height()).isEqualTo(expected.height());
    assertThat(actual.width()).isEqualTo(expected.width());
    assertThat(actual.rgb()).isEqualTo(expected.rgb());
    assertThat(actual.instances()).hasSameSizeAs(expected.instances());
    for (int k = 0; k < expected.instances().size(); k++) {
      Instance a = actual.instances().get(k);
      Instance e = expected.instances().get(k);
      assertThat(a.categoryId()).isEqualTo(e.categoryId());
      assertThat(a.crowd()).isEqualTo(e.crowd());
      assertThat(a.mask()).isEqualTo(e.mask());
      // stored as float fractions of the image size: equal to float precision
      assertThat(a.box().x0()).isCloseTo(e.box().x0(), within(1e-4));
      assertThat(a.box().y0()).isCloseTo(e.box().y0(), within(1e-4));
      assertThat(a.box().x1()).isCloseTo(e.box().x1(), within(1e-4));
      assertThat(a.box().y1()).isCloseTo(e.box().y1(), within(1e-4));
    }
  }
}
