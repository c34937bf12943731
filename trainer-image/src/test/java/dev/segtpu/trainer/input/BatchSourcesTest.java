package dev.segtpu.trainer.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segtpu.trainer.dataset.SyntheticShards;
import dev.segtpu.trainer.input.tfrecord.CorruptRecordException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchSourcesTest {

  private static final int CLASSES = 5;

  @TempDir
  Path dir;

  @Test
  void sourceOpenedAtACheckpointedPositionYieldsTheUninterruptedRunsBatches() throws Exception {
    SyntheticShards.write(dir, 10, 3, 36, 44, CLASSES, "png");
    InputSpec spec = InputSpec.vocTfRecord(dir, "train-*.tfrecord", 32, 4, 123, CLASSES);

    List<Batch> uninterrupted = take(BatchSources.training(spec, 0, 0), 8);
    // "checkpoint" after batch 3 (which straddles the end of epoch 0), resume in a fresh source
    DataPosition resumeAt = DataPosition.after(uninterrupted.get(2), 10);
    assertThat(resumeAt).isEqualTo(new DataPosition(1, 2));
    List<Batch> resumed = take(BatchSources.training(spec, resumeAt.epoch(), resumeAt.position()), 5);

    for (int i = 0; i < 5; i++) {
      Batch expected = uninterrupted.get(3 + i);
      Batch actual = resumed.get(i);
      assertThat(actual.epoch()).isEqualTo(expected.epoch());
      assertThat(actual.position()).isEqualTo(expected.position());
      assertThat(actual.images()).isEqualTo(expected.images());
      assertThat(actual.labels()).isEqualTo(expected.labels());
    }
  }

  @Test
  void trainingBatchesAreFullCropsWithValidLabelsAndRunAcrossEpochs() throws Exception {
    InputSpec spec = InputSpec.synthetic(6, 40, 32, 4, 1, CLASSES);

    List<Batch> batches = take(BatchSources.training(spec, 0, 0), 3);

    assertThat(batches).extracting(Batch::epoch).containsExactly(0L, 0L, 1L);
    assertThat(batches).extracting(Batch::position).containsExactly(0L, 4L, 2L);
    for (Batch batch : batches) {
      assertThat(batch.size()).isEqualTo(4);
      assertThat(batch.images()).hasSize(4 * 32 * 32 * 3);
      assertThat(batch.labels()).hasSize(4 * 32 * 32);
      for (float pixel : batch.images()) {
        assertThat(pixel).isBetween(0f, 255f);
      }
      Set<Integer> labels = new HashSet<>();
      for (int label : batch.labels()) {
        labels.add(label);
      }
      assertThat(labels).allMatch(label -> label < CLASSES || label == 255).contains(0);
    }
  }

  @Test
  void differentEpochsAugmentTheSameExampleDifferently() throws Exception {
    // one example per epoch, so batch k is example 0 augmented under epoch k's randomness
    InputSpec spec = InputSpec.synthetic(1, 48, 32, 1, 3, CLASSES);

    List<Batch> batches = take(BatchSources.training(spec, 0, 0), 4);

    Set<List<Float>> distinct = new HashSet<>();
    for (Batch batch : batches) {
      List<Float> pixels = new ArrayList<>();
      for (float pixel : batch.images()) {
        pixels.add(pixel);
      }
      distinct.add(pixels);
    }
    assertThat(distinct).hasSizeGreaterThan(1);
  }

  @Test
  void evaluationCoversEveryExampleOnceInOrderAndPadsTheLastBatchWithIgnore() throws Exception {
    SyntheticShards.write(dir, 5, 2, 32, 32, CLASSES, "png");
    InputSpec spec = InputSpec.vocTfRecord(dir, "*.tfrecord", 32, 2, 9, CLASSES);

    try (BatchSource source = BatchSources.evaluation(spec)) {
      assertThat(BatchSources.evaluationBatches(source, 2)).isEqualTo(3);
      List<Batch> pass = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        pass.add(source.next());
      }
      assertThat(pass).extracting(Batch::position).containsExactly(0L, 2L, 4L, 0L);
      assertThat(pass).extracting(Batch::epoch).containsExactly(0L, 0L, 0L, 1L);
      int slot = 32 * 32;
      int[] last = pass.get(2).labels();
      assertThat(Arrays.stream(last, slot, 2 * slot)).containsOnly(255);
      assertThat(Arrays.stream(last, 0, slot)).anyMatch(label -> label != 255);
      // a 32x32 image evaluated at crop 32 is the image itself
      assertThat(pass.get(3).images()).isEqualTo(pass.get(0).images());
    }
  }

  @Test
  void corruptRecordFailsThisAndEveryLaterBatchNamingFileAndOffset() throws Exception {
    SyntheticShards.write(dir, 4, 1, 32, 32, CLASSES, "png");
    Path shard = dir.resolve("train-00000-of-00001.tfrecord");
    byte[] content = Files.readAllBytes(shard);
    content[content.length - 100] ^= 0x10; // inside the last record's data
    Files.write(shard, content);
    InputSpec spec = InputSpec.vocTfRecord(dir, "train-*", 32, 4, 1, CLASSES);

    try (BatchSource source = BatchSources.training(spec, 0, 0)) {
      assertThatThrownBy(source::next)
          .isInstanceOf(CorruptRecordException.class)
          .hasMessageContaining(shard.toString())
          .hasMessageContaining("byte offset")
          .hasMessageContaining("CRC");
      // a trainer that catches and carries on must not get the following batches as if nothing happened
      assertThatThrownBy(source::next).isInstanceOf(CorruptRecordException.class);
    }
  }

  @Test
  void truncatedShardFailsWhenTheSourceOpens() throws IOException {
    SyntheticShards.write(dir, 4, 2, 32, 32, CLASSES, "png");
    Path shard = dir.resolve("train-00001-of-00002.tfrecord");
    byte[] content = Files.readAllBytes(shard);
    Files.write(shard, Arrays.copyOf(content, content.length - 10));
    InputSpec spec = InputSpec.vocTfRecord(dir, "train-*", 32, 4, 1, CLASSES);

    assertThatThrownBy(() -> BatchSources.training(spec, 0, 0))
        .isInstanceOf(CorruptRecordException.class)
        .hasMessageContaining(shard.toString())
        .hasMessageContaining("truncated");
  }

  @Test
  void positionBeyondTheEpochIsRejected() {
    InputSpec spec = InputSpec.synthetic(6, 40, 32, 4, 1, CLASSES);
    assertThatThrownBy(() -> BatchSources.training(spec, 0, 6))
        .hasMessageContaining("beyond the epoch's 6 examples");
  }

  private static List<Batch> take(BatchSource source, int count) throws InterruptedException {
    try (source) {
      List<Batch> batches = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        batches.add(source.next());
      }
      return batches;
    }
  }
}
