package dev.segtpu.trainer.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segtpu.trainer.input.augment.TrainingAugmentation;
import dev.segtpu.trainer.input.synthetic.RenderedDataset;
import dev.segtpu.trainer.input.synthetic.SyntheticScenes;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PrefetchingBatchSourceTest {

  private static final int CROP = 24;
  private static final int BATCH = 3;

  @Test
  void batchesDoNotDependOnTheNumberOfWorkers() throws Exception {
    try (BatchSource one = source(new RenderedDataset<>(new SyntheticScenes(1, 4)::render, 7, 32), 1, 1);
         BatchSource three = source(new RenderedDataset<>(new SyntheticScenes(1, 4)::render, 7, 32), 3, 6)) {
      for (int i = 0; i < 6; i++) {
        Batch expected = one.next();
        Batch actual = three.next();
        assertThat(actual.position()).isEqualTo(expected.position());
        assertThat(actual.images()).isEqualTo(expected.images());
        assertThat(actual.labels()).isEqualTo(expected.labels());
      }
    }
  }

  @Test
  void consumerWaitIsMeasuredWhileInputIsBehindAndNearZeroOnceBatchesArePrefetched() throws Exception {
    GatedDataset dataset = new GatedDataset(new RenderedDataset<>(new SyntheticScenes(1, 4)::render, 8, 32));
    int depth = 2;
    try (BatchSource source = source(dataset, 1, depth)) {
      Thread opener = new Thread(() -> {
        sleep(300);
        dataset.gate.countDown();
      });
      opener.start();
      Batch starved = source.next();
      opener.join();
      assertThat(starved.waitNanos()).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(200));

      // next() scheduled one more batch; once the worker has built all it may, nothing is left to wait for
      dataset.awaitReads((depth + 1) * BATCH);
      sleep(50);
      Batch prefetched = source.next();
      assertThat(prefetched.waitNanos()).isLessThan(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  @Test
  void interruptedWaitKeepsTheBatchForTheNextCall() throws Exception {
    GatedDataset gated = new GatedDataset(new RenderedDataset<>(new SyntheticScenes(1, 4)::render, 7, 32));
    try (BatchSource expected = source(new RenderedDataset<>(new SyntheticScenes(1, 4)::render, 7, 32), 1, 2);
         BatchSource source = source(gated, 1, 2)) {
      Thread.currentThread().interrupt();
      assertThatThrownBy(source::next).isInstanceOf(InterruptedException.class);
      gated.gate.countDown();

      for (int i = 0; i < 3; i++) {
        Batch reference = expected.next();
        Batch batch = source.next();
        assertThat(batch.position()).isEqualTo(reference.position());
        assertThat(batch.images()).isEqualTo(reference.images());
      }
    }
  }

  private static BatchSource source(Dataset<SegmentationExample> dataset, int workers, int depth) {
    BatchAssembler assembler = new BatchAssembler(dataset, new TrainingAugmentation(), 5, CROP);
    return new PrefetchingBatchSource(new TrainingPlan(5, dataset.size(), BATCH, DataPosition.START),
        assembler, dataset, workers, depth);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Holds every read until the gate opens; counts reads so the test knows when prefetching is done. */
  private static final class GatedDataset implements Dataset<SegmentationExample> {
    final CountDownLatch gate = new CountDownLatch(1);
    final AtomicInteger reads = new AtomicInteger();
    private final Dataset<SegmentationExample> delegate;

    GatedDataset(Dataset<SegmentationExample> delegate) {
      this.delegate = delegate;
    }

    @Override
    public int size() {
      return delegate.size();
    }

    @Override
    public SegmentationExample example(int index) {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      SegmentationExample example = delegate.example(index);
      reads.incrementAndGet();
      return example;
    }

    void awaitReads(int count) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (reads.get() < count && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(reads.get()).isGreaterThanOrEqualTo(count);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
