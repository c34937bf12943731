package dev.segtpu.trainer.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.trainer.dataset.SyntheticShards;
import dev.segtpu.trainer.input.augment.AugmentedInstances;
import dev.segtpu.trainer.input.augment.CropTarget;
import dev.segtpu.trainer.input.augment.InstanceAugmentation;
import dev.segtpu.trainer.input.coco.CocoTfRecordDataset;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceBatchesTest {

  private static final int EXAMPLES = 10;
  private static final int SIZE = 32;
  private static final InstanceAugmentation TRAINING = InstanceAugmentation.training(SIZE);

  @TempDir
  Path dir;

  @BeforeEach
  void writeShards() {
    SyntheticShards.writeCoco(dir, EXAMPLES, 3, 24, 40, 6);
  }

  @Test
  void batchesOpenedAtACheckpointedPositionAreTheUninterruptedRunsNextBatches() {
    try (CocoTfRecordDataset dataset = open()) {
      InstanceBatches uninterrupted = training(dataset, 5, 4, DataPosition.START, Shard.WHOLE);
      InstanceBatch third = uninterrupted.batch(2);
      // batch 2 straddles the end of epoch 0, so the resume point lies in epoch 1
      DataPosition resumeAt = DataPosition.afterShare(third.epoch(), third.position(), third.size(), Shard.WHOLE,
          EXAMPLES);
      assertThat(resumeAt).isEqualTo(new DataPosition(1, 2));

      InstanceBatches resumed = training(dataset, 5, 4, resumeAt, Shard.WHOLE);
      for (int k = 0; k < 3; k++) {
        assertSameBatch(resumed.batch(k), uninterrupted.batch(3 + k));
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameBatchesAndAnotherSeedAnotherOrder() {
    try (CocoTfRecordDataset dataset = open()) {
      for (int k = 0; k < 3; k++) {
        assertSameBatch(training(dataset, 5, 4, DataPosition.START, Shard.WHOLE).batch(k),
            training(dataset, 5, 4, DataPosition.START, Shard.WHOLE).batch(k));
      }
      assertThat(training(dataset, 6, 10, DataPosition.START, Shard.WHOLE).batch(0).sourceIds())
          .isNotEqualTo(training(dataset, 5, 10, DataPosition.START, Shard.WHOLE).batch(0).sourceIds());
    }
  }

  @Test
  void everyImageCarriesTheMaximumNumberOfObjectSlotsWithUnusedOnesPadded() {
    int max = 8;
    try (CocoTfRecordDataset dataset = open()) {
      InstanceBatch batch = training(dataset, 5, 4, DataPosition.START, Shard.WHOLE, max).batch(0);

      assertThat(batch.classes()).hasSize(4 * max);
      assertThat(batch.boxes()).hasSize(4 * max * 4);
      assertThat(batch.masks()).hasSize(4 * max * SIZE * SIZE);
      for (int slot = 0; slot < 4; slot++) {
        int index = Integer.parseInt(batch.sourceIds()[slot]);
        AugmentedInstances expected = TRAINING.apply(dataset.example(index),
            new PlannedBatch.PlannedExample(0, index).augmentationRandom(5));
        assertThat(batch.instanceCounts()[slot]).isEqualTo(expected.instances().size()).isPositive();
        assertThat(batch.scales()[slot]).isEqualTo(expected.scale());
        for (int k = 0; k < max; k++) {
          int object = slot * max + k;
          if (k < batch.instanceCounts()[slot]) {
            assertThat(batch.classes()[object]).isEqualTo(expected.instances().get(k).categoryId());
            assertThat(batch.crowd()[object]).isEqualTo(expected.instances().get(k).crowd());
            assertThat(batch.boxes()[object * 4 + 3]).isEqualTo((float) expected.instances().get(k).box().x1());
          } else {
            assertThat(batch.classes()[object]).isEqualTo(InstanceBatch.PADDING_CLASS);
            assertThat(Arrays.copyOfRange(batch.boxes(), object * 4, object * 4 + 4)).containsOnly(0f);
            assertThat(Arrays.copyOfRange(batch.masks(), object * SIZE * SIZE, (object + 1) * SIZE * SIZE))
                .containsOnly((byte) 0);
          }
        }
      }
    }
  }

  @Test
  void anImageWithMoreObjectsThanSlotsKeepsItsFirstObjects() {
    try (CocoTfRecordDataset dataset = open()) {
      InstanceBatch all = training(dataset, 5, 10, DataPosition.START, Shard.WHOLE, 20).batch(0);
      InstanceBatch one = training(dataset, 5, 10, DataPosition.START, Shard.WHOLE, 1).batch(0);

      for (int slot = 0; slot < 10; slot++) {
        assertThat(one.instanceCounts()[slot]).isEqualTo(Math.min(1, all.instanceCounts()[slot]));
        assertThat(one.classes()[slot]).isEqualTo(all.classes()[slot * 20]);
      }
    }
  }

  @Test
  void eachWorkerReadsItsContiguousShareOfTheGlobalBatchInTheVocPlansOrder() {
    try (CocoTfRecordDataset dataset = open()) {
      InstanceBatches whole = training(dataset, 5, 4, DataPosition.START, Shard.WHOLE);
      InstanceBatches first = training(dataset, 5, 2, DataPosition.START, new Shard(0, 2));
      InstanceBatches second = training(dataset, 5, 2, DataPosition.START, new Shard(1, 2));
      TrainingPlan vocPlan = new TrainingPlan(5, EXAMPLES, 4, DataPosition.START);

      for (int k = 0; k < 4; k++) {
        InstanceBatch global = whole.batch(k);
        InstanceBatch share0 = first.batch(k);
        InstanceBatch share1 = second.batch(k);
        assertThat(global.sourceIds()).containsExactly(
            Arrays.stream(vocPlan.batch(k).examples()).map(e -> Integer.toString(e.index())).toArray(String[]::new));
        assertThat(concat(share0.sourceIds(), share1.sourceIds())).containsExactly(global.sourceIds());
        int half = 2 * SIZE * SIZE * 3;
        assertThat(share0.images()).isEqualTo(Arrays.copyOfRange(global.images(), 0, half));
        assertThat(share1.images()).isEqualTo(Arrays.copyOfRange(global.images(), half, 2 * half));
        // every worker records the global data position
        assertThat(share1.epoch()).isEqualTo(global.epoch());
        assertThat(share1.position()).isEqualTo(global.position());
        assertThat(DataPosition.afterShare(share1.epoch(), share1.position(), 2, new Shard(1, 2), EXAMPLES))
            .isEqualTo(DataPosition.afterShare(global.epoch(), global.position(), 4, Shard.WHOLE, EXAMPLES));
      }
    }
  }

  @Test
  void evaluationReadsInIndexOrderWithoutFlipsAndPadsTheLastBatch() {
    try (CocoTfRecordDataset dataset = open()) {
      InstanceBatches evaluation = InstanceBatches.evaluation(dataset, InstanceAugmentation.evaluation(SIZE), 4, 10);

      assertThat(evaluation.batch(0).sourceIds()).containsExactly("0", "1", "2", "3");
      InstanceBatch last = evaluation.batch(2);
      assertThat(last.sourceIds()).containsExactly("8", "9", null, null);
      assertThat(last.instanceCounts()[2]).isZero();
      assertThat(last.scales()[3]).isZero();
      assertThat(Arrays.copyOfRange(last.classes(), 2 * 10, 4 * 10)).containsOnly(InstanceBatch.PADDING_CLASS);
      Set<Float> padding = new HashSet<>();
      for (int i = 2 * SIZE * SIZE * 3; i < last.images().length; i++) {
        padding.add(last.images()[i]);
      }
      assertThat(padding).containsExactly(CropTarget.PAD_PIXEL);
      assertThat(evaluation.batch(3).sourceIds()).containsExactly("0", "1", "2", "3");
    }
  }

  private CocoTfRecordDataset open() {
    return CocoTfRecordDataset.open(dir, "train-*.tfrecord");
  }

  private static InstanceBatches training(CocoTfRecordDataset dataset, long seed, int batchSize, DataPosition start,
                                          Shard shard) {
    return training(dataset, seed, batchSize, start, shard, InstanceBatches.DEFAULT_MAX_INSTANCES);
  }

  private static InstanceBatches training(CocoTfRecordDataset dataset, long seed, int batchSize, DataPosition start,
                                          Shard shard, int maxInstances) {
    return InstanceBatches.training(dataset, TRAINING, seed, batchSize, maxInstances, start, shard);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void assertSameBatch(InstanceBatch actual, InstanceBatch expected) {
    assertThat(actual.epoch()).isEqualTo(expected.epoch());
    assertThat(actual.position()).isEqualTo(expected.position());
    assertThat(actual.sourceIds()).isEqualTo(expected.sourceIds());
    assertThat(actual.images()).isEqualTo(expected.images());
    assertThat(actual.boxes()).isEqualTo(expected.boxes());
    assertThat(actual.classes()).isEqualTo(expected.classes());
    assertThat(actual.crowd()).isEqualTo(expected.crowd());
    assertThat(actual.masks()).isEqualTo(expected.masks());
    assertThat(actual.instanceCounts()).isEqualTo(expected.instanceCounts());
  }
}
