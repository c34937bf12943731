package dev.segtpu.trainer.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.trainer.input.coco.CocoExampleDecoder;
import dev.segtpu.trainer.input.coco.CocoFeatureKeys;
import dev.segtpu.trainer.input.coco.InstanceExample;
import dev.segtpu.trainer.input.synthetic.SyntheticInstanceScenes;
import dev.segtpu.trainer.input.tfrecord.TfRecordFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Example;
import picocli.CommandLine;

class WriteSyntheticCocoRecordsTest {

  @TempDir
  Path dir;

  @Test
  void theCommandWritesNamedShardsThatDecodeBackToTheRequestedScenesInOrder() throws Exception {
    int exit = run("--output", dir.toString(), "--examples", "5", "--shards", "2", "--height", "40",
        "--width", "56", "--seed", "9", "--categories", "6", "--image-format", "png");

    assertThat(exit).isZero();
    List<Path> files;
    try (Stream<Path> listed = Files.list(dir)) {
      files = listed.sorted().toList();
    }
    assertThat(files).extracting(file -> file.getFileName().toString())
        .containsExactly("train-00000-of-00002.tfrecord", "train-00001-of-00002.tfrecord");
    List<InstanceExample> decoded = new ArrayList<>();
    CocoExampleDecoder decoder = new CocoExampleDecoder();
    for (Path file : files) {
      try (TfRecordFile shard = TfRecordFile.open(file)) {
        for (int record = 0; record < shard.recordCount(); record++) {
          decoded.add(decoder.decode(shard.read(record)));
        }
      }
    }
    assertThat(decoded).hasSize(5);
    SyntheticInstanceScenes scenes = new SyntheticInstanceScenes(9, 6);
    for (int index = 0; index < 5; index++) {
      InstanceExample expected = scenes.render(index, 40, 56);
      assertThat(decoded.get(index).sourceId()).isEqualTo(Integer.toString(index));
      assertThat(decoded.get(index).rgb()).isEqualTo(expected.rgb());
      assertThat(decoded.get(index).instances()).hasSameSizeAs(expected.instances());
    }
  }

  @Test
  void recordsCarryTheReferenceKeysAndImageFormat() throws Exception {
    run("--output", dir.toString(), "--examples", "1", "--shards", "1", "--height", "32", "--width", "32");

    try (TfRecordFile shard = TfRecordFile.open(dir.resolve("train-00000-of-00001.tfrecord"))) {
      var features = Example.parseFrom(shard.read(0)).getFeatures().getFeatureMap();
      assertThat(features).containsKeys(CocoFeatureKeys.IMAGE_ENCODED, CocoFeatureKeys.IMAGE_FORMAT,
          CocoFeatureKeys.IMAGE_HEIGHT, CocoFeatureKeys.IMAGE_WIDTH, CocoFeatureKeys.SOURCE_ID,
          CocoFeatureKeys.BOX_XMIN, CocoFeatureKeys.BOX_YMIN, CocoFeatureKeys.BOX_XMAX, CocoFeatureKeys.BOX_YMAX,
          CocoFeatureKeys.CLASS_LABEL, CocoFeatureKeys.IS_CROWD, CocoFeatureKeys.AREA, CocoFeatureKeys.MASK);
      assertThat(features.get(CocoFeatureKeys.IMAGE_FORMAT).getBytesList().getValue(0).toStringUtf8())
          .isEqualTo("jpeg");
    }
  }

  @Test
  void categoriesBeyondCocosIdsAreAUsageError() {
    assertThat(run("--output", dir.toString(), "--categories", "91")).isEqualTo(CommandLine.ExitCode.USAGE);
  }

  @Test
  void moreShardsThanExamplesIsAUsageError() {
    assertThat(run("--output", dir.toString(), "--examples", "2", "--shards", "3"))
        .isEqualTo(CommandLine.ExitCode.USAGE);
  }

  private static int run(String... args) {
    return new CommandLine(new WriteSyntheticCocoRecords()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }
}
