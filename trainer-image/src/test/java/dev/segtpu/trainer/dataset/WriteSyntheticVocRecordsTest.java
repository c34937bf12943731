package dev.segtpu.trainer.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.trainer.input.SegmentationExample;
import dev.segtpu.trainer.input.synthetic.SyntheticScenes;
import dev.segtpu.trainer.input.tfrecord.TfRecordFile;
import dev.segtpu.trainer.input.voc.VocFeatureKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import picocli.CommandLine;

class WriteSyntheticVocRecordsTest {

  @TempDir
  Path dir;

  @Test
  void writesNamedShardsHoldingEveryExampleWithTheReferenceKeys() throws Exception {
    SyntheticShards.write(dir, 5, 2, 40, 50, 21, "jpeg");

    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .containsExactlyInAnyOrder("train-00000-of-00002.tfrecord", "train-00001-of-00002.tfrecord");
    }
    try (TfRecordFile first = TfRecordFile.open(dir.resolve("train-00000-of-00002.tfrecord"));
         TfRecordFile second = TfRecordFile.open(dir.resolve("train-00001-of-00002.tfrecord"))) {
      assertThat(first.recordCount() + second.recordCount()).isEqualTo(5);
      Map<String, Feature> features = Example.parseFrom(second.read(0)).getFeatures().getFeatureMap();
      assertThat(features.keySet()).containsExactlyInAnyOrder(VocFeatureKeys.IMAGE_ENCODED,
          VocFeatureKeys.IMAGE_FILENAME, VocFeatureKeys.IMAGE_FORMAT, VocFeatureKeys.IMAGE_HEIGHT,
          VocFeatureKeys.IMAGE_WIDTH, VocFeatureKeys.IMAGE_CHANNELS, VocFeatureKeys.LABEL_ENCODED,
          VocFeatureKeys.LABEL_FORMAT);
      assertThat(features.get(VocFeatureKeys.IMAGE_FORMAT).getBytesList().getValue(0).toStringUtf8()).isEqualTo("jpeg");
      assertThat(features.get(VocFeatureKeys.LABEL_FORMAT).getBytesList().getValue(0).toStringUtf8()).isEqualTo("png");
      assertThat(features.get(VocFeatureKeys.IMAGE_HEIGHT).getInt64List().getValue(0)).isEqualTo(40);
      assertThat(features.get(VocFeatureKeys.IMAGE_WIDTH).getInt64List().getValue(0)).isEqualTo(50);
      assertThat(features.get(VocFeatureKeys.IMAGE_CHANNELS).getInt64List().getValue(0)).isEqualTo(3);
      assertThat(features.get(VocFeatureKeys.IMAGE_FILENAME).getBytesList().getValue(0).toStringUtf8())
          .isEqualTo("synthetic-0000000" + first.recordCount());
    }
  }

  @Test
  void scenesShowSeveralClassesOnBackgroundWithOutlinesMarkedIgnore() {
    SyntheticScenes scenes = new SyntheticScenes(11, 21);
    Set<Integer> objectClasses = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      SegmentationExample scene = scenes.render(i, 64, 64);
      Set<Integer> labels = new HashSet<>();
      for (byte label : scene.labels()) {
        labels.add(label & 0xff);
      }
      assertThat(labels).contains(0);
      if (labels.size() > 1) {
        assertThat(labels).as("objects are outlined").contains(255);
      }
      labels.stream().filter(label -> label != 0 && label != 255).forEach(objectClasses::add);
      assertClassesNeverTouchWithoutOutline(scene);
    }
    assertThat(objectClasses).hasSizeGreaterThanOrEqualTo(10).allMatch(label -> label < 21);
  }

  @Test
  void sameSeedAndIndexRenderTheSameScene() {
    SegmentationExample first = new SyntheticScenes(3, 21).render(17, 32, 48);
    SegmentationExample again = new SyntheticScenes(3, 21).render(17, 32, 48);
    SegmentationExample other = new SyntheticScenes(4, 21).render(17, 32, 48);

    assertThat(again.rgb()).isEqualTo(first.rgb());
    assertThat(again.labels()).isEqualTo(first.labels());
    assertThat(other.rgb()).isNotEqualTo(first.rgb());
  }

  @Test
  void moreShardsThanExamplesIsAUsageError() {
    int exit = new CommandLine(new WriteSyntheticVocRecords()).execute(
        "--output", dir.toString(), "--examples", "2", "--shards", "3");
    assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
  }

  /** Regions of different classes never touch: an outline of 255 always lies between them. */
  private static void assertClassesNeverTouchWithoutOutline(SegmentationExample scene) {
    for (int y = 0; y < scene.height(); y++) {
      for (int x = 0; x < scene.width(); x++) {
        int here = scene.label(y, x);
        if (here == 255) {
          continue;
        }
        if (x + 1 < scene.width() && scene.label(y, x + 1) != 255) {
          assertThat(scene.label(y, x + 1)).as("right of (%d, %d)", y, x).isEqualTo(here);
        }
        if (y + 1 < scene.height() && scene.label(y + 1, x) != 255) {
          assertThat(scene.label(y + 1, x)).as("below (%d, %d)", y, x).isEqualTo(here);
        }
      }
    }
  }
}
