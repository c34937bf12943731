package dev.segtpu.trainer.input;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps the next {@code depth} batches being built by background workers while the trainer steps, and
 * hands them out in plan order. Each batch is built by one worker, so the result does not depend on
 * how many workers there are. A failure while building a batch (corrupt record, missing file) is
 * thrown by {@link #next()} for that batch and by every later call.
 */
final class PrefetchingBatchSource implements BatchSource {

  private static final long CLOSE_WAIT_SECONDS = 5;
  private static final AtomicInteger SOURCES = new AtomicInteger();

  private final BatchPlan plan;
  private final BatchAssembler assembler;
  private final Dataset<SegmentationExample> dataset;
  private final ExecutorService workers;
  private final Deque<Future<Batch>> pending = new ArrayDeque<>();
  private long nextToSchedule;
  private boolean closed;
  /** The first failure; every later call rethrows it, so no batch is ever skipped silently. */
  private RuntimeException failure;

  PrefetchingBatchSource(BatchPlan plan, BatchAssembler assembler, Dataset<SegmentationExample> dataset,
                         int workerThreads, int depth) {
    this.plan = plan;
    this.assembler = assembler;
    this.dataset = dataset;
    int source = SOURCES.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(workerThreads, runnable -> {
      Thread thread = new Thread(runnable, "input-" + source + "-worker-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    for (int i = 0; i < depth; i++) {
      schedule();
    }
  }

  @Override
  public synchronized Batch next() throws InterruptedException {
    if (closed) {
      throw new IllegalStateException("batch source is closed");
    }
    if (failure != null) {
      throw failure;
    }
    Future<Batch> head = pending.removeFirst();
    schedule();
    long waitStart = System.nanoTime();
    Batch batch;
    try {
      batch = head.get();
    } catch (ExecutionException e) {
      failure = e.getCause() instanceof RuntimeException runtime
          ? runtime : new IllegalStateException("building a batch failed", e.getCause());
      throw failure;
    } catch (CancellationException e) {
      throw new IllegalStateException("batch source is closed", e);
    } catch (InterruptedException e) {
      pending.addFirst(head); // still this batch's turn: an interrupted wait must not drop it
      throw e;
    }
    long waited = System.nanoTime() - waitStart;
    return new Batch(batch.size(), batch.height(), batch.width(), batch.images(), batch.labels(),
        batch.epoch(), batch.position(), waited);
  }

  private void schedule() {
    long number = nextToSchedule++;
    pending.addLast(workers.submit(() -> assembler.assemble(plan.batch(number))));
  }

  @Override
  public long examplesPerEpoch() {
    return dataset.size();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    pending.forEach(future -> future.cancel(true));
    pending.clear();
    workers.shutdownNow();
    try {
      // Let workers leave their reads before the files close under them.
      workers.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      dataset.close();
    }
  }
}
