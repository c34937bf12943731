package dev.segtpu.trainer.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EpochOrderTest {

  @Test
  void everyEpochIsAPermutationOfAllExamples() {
    EpochOrder order = new EpochOrder(5, 100);
    for (long epoch = 0; epoch < 3; epoch++) {
      int[] permutation = order.permutation(epoch);
      assertThat(Arrays.stream(permutation).sorted().toArray()).isEqualTo(IntStream.range(0, 100).toArray());
    }
  }

  @Test
  void orderDependsOnSeedAndEpochOnly() {
    assertThat(new EpochOrder(5, 100).permutation(2)).isEqualTo(new EpochOrder(5, 100).permutation(2));
    assertThat(new EpochOrder(5, 100).permutation(2)).isNotEqualTo(new EpochOrder(5, 100).permutation(3));
    assertThat(new EpochOrder(5, 100).permutation(2)).isNotEqualTo(new EpochOrder(6, 100).permutation(2));
  }

  @Test
  void cachedLookupsAgreeWithThePermutationWhenHoppingBetweenEpochs() {
    EpochOrder order = new EpochOrder(11, 10);
    int[] epoch0 = order.permutation(0);
    int[] epoch1 = order.permutation(1);
    assertThat(order.exampleAt(0, 9)).isEqualTo(epoch0[9]);
    assertThat(order.exampleAt(1, 0)).isEqualTo(epoch1[0]);
    assertThat(order.exampleAt(0, 3)).isEqualTo(epoch0[3]);
    assertThat(order.exampleAt(1, 4)).isEqualTo(epoch1[4]);
  }
}
