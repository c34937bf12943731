package dev.segtpu.trainer.train;

import dev.segtpu.trainer.input.DataPosition;
import dev.segtpu.trainer.input.Dataset;
import dev.segtpu.trainer.input.InputSpec;
import dev.segtpu.trainer.input.InstanceBatch;
import dev.segtpu.trainer.input.InstanceBatches;
import dev.segtpu.trainer.input.InstanceSources;
import dev.segtpu.trainer.input.SeedMix;
import dev.segtpu.trainer.input.Shard;
import dev.segtpu.trainer.input.coco.InstanceExample;
import dev.segtpu.trainer.model.HostArrays;
import dev.segtpu.trainer.model.maskrcnn.BatchTargets;
import dev.segtpu.trainer.model.maskrcnn.MaskRcnnGraph;
import dev.segtpu.trainer.model.maskrcnn.Proposal;
import dev.segtpu.trainer.model.maskrcnn.ProposalGenerator;
import dev.segtpu.trainer.model.maskrcnn.RpnLoss;
import dev.segtpu.trainer.model.maskrcnn.targets.AnchorLevel;
import dev.segtpu.trainer.model.maskrcnn.targets.LevelTargets;
import dev.segtpu.trainer.model.maskrcnn.targets.MaskTargets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Mask R-CNN's training step in two graph runs (see {@link MaskRcnnGraph}): the batch's RPN targets are made on a
 * background thread while the previous step runs; the step first fetches the RPN's outputs, turns them into
 * proposals and samples RoIs on the host, then feeds everything to the training step. Sampling seeds are
 * (seed, epoch, position, worker, image) so a resumed run draws exactly what an uninterrupted one did.
 */
public final class MaskRcnnTask implements TrainingTask {

  private static final long RPN_SAMPLE = 1;
  private static final long ROI_SAMPLE = 2;

  private final MaskRcnnGraph graph;
  private final InputSpec trainInput;
  private final MaskRcnnEvaluator evaluator;

  public MaskRcnnTask(MaskRcnnGraph graph, InputSpec trainInput, InputSpec evalInput) {
    this.graph = graph;
    this.trainInput = trainInput;
    this.evaluator = new MaskRcnnEvaluator(graph, evalInput);
  }

  @Override
  public String description() {
    return graph.spec().description();
  }

  @Override
  public MaskRcnnGraph graph() {
    return graph;
  }

  @Override
  public StepBatches training(DataPosition start, Shard shard) {
    Dataset<InstanceExample> dataset = InstanceSources.openTraining(trainInput);
    InstanceBatches batches = InstanceSources.training(dataset, trainInput, graph.spec().maxInstances(), start, shard);
    ExecutorService prefetch = Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "mask-rcnn-batches");
      thread.setDaemon(true);
      return thread;
    });
    return new StepBatches() {
      private long number;
      private Future<Prepared> next = prefetch.submit(() -> prepare(batches.batch(0), shard));

      @Override
      public StepBatch next() throws InterruptedException {
        long began = System.nanoTime();
        Prepared prepared;
        try {
          prepared = next.get();
        } catch (ExecutionException e) {
          throw rethrown(e.getCause());
        }
        long following = ++number;
        next = prefetch.submit(() -> prepare(batches.batch(following), shard));
        return new Fed(prepared, shard, System.nanoTime() - began);
      }

      @Override
      public long examplesPerEpoch() {
        return batches.examplesPerEpoch();
      }

      @Override
      public void close() {
        prefetch.shutdownNow();
        dataset.close();
      }
    };
  }

  private static RuntimeException rethrown(Throwable cause) {
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(cause);
  }

  /** A batch with its objects and RPN targets, made off the training thread. */
  private record Prepared(InstanceBatch batch, List<BatchTargets.ImageTruth> truths, List<List<LevelTargets>> rpn) {}

  private Prepared prepare(InstanceBatch batch, Shard shard) {
    List<BatchTargets.ImageTruth> truths = BatchTargets.truths(batch);
    return new Prepared(batch, truths, BatchTargets.rpn(graph.anchors(), truths, seeds(batch, shard, trainInput.seed(), RPN_SAMPLE)));
  }

  private static long[] seeds(InstanceBatch batch, Shard shard, long seed, long stream) {
    long[] seeds = new long[batch.size()];
    for (int image = 0; image < seeds.length; image++) {
      seeds[image] = SeedMix.of(seed, stream, batch.epoch(), batch.position(), shard.index(), image);
    }
    return seeds;
  }

  @Override
  public Evaluation evaluate(Session session, long step) throws InterruptedException {
    return evaluator.evaluate(session, step);
  }

  @Override
  public Path export(Session session, Path target) throws IOException {
    return MaskRcnnExport.export(session, graph, target);
  }

  @Override
  public void close() {
    graph.close();
  }

  private final class Fed implements StepBatch {

    private final Prepared prepared;
    private final Shard shard;
    private final long waitNanos;
    private final List<Tensor> fed = new ArrayList<>();

    Fed(Prepared prepared, Shard shard, long waitNanos) {
      this.prepared = prepared;
      this.shard = shard;
      this.waitNanos = waitNanos;
    }

    @Override
    public int size() {
      return prepared.batch().size();
    }

    @Override
    public long epoch() {
      return prepared.batch().epoch();
    }

    @Override
    public long position() {
      return prepared.batch().position();
    }

    @Override
    public long waitNanos() {
      return waitNanos;
    }

    @Override
    public Session.Runner feed(Session session, Session.Runner runner) {
      InstanceBatch batch = prepared.batch();
      int n = batch.size();
      int size = batch.imageSize();
      TFloat32 images = keep(HostArrays.tensor(Shape.of(n, size, size, 3), batch.images()));
      List<List<Proposal>> proposals = proposals(session, images, n);
      BatchTargets.Heads heads = BatchTargets.heads(proposals, prepared.truths(), graph.spec().roiSampler(),
          graph.spec().maskRoisPerImage(), seeds(batch, shard, trainInput.seed(), ROI_SAMPLE));
      runner.feed(graph.images(), images);
      for (AnchorLevel level : graph.anchors().levels()) {
        RpnLoss.LevelArrays arrays = RpnLoss.LevelArrays.of(prepared.rpn(), level.level());
        RpnLoss.LevelInputs inputs = graph.rpnTargets().get(level.level());
        runner.feed(inputs.positive(), keep(HostArrays.tensor(arrays.scores(), arrays.positive())))
            .feed(inputs.sampled(), keep(HostArrays.tensor(arrays.scores(), arrays.sampled())))
            .feed(inputs.boxTargets(), keep(HostArrays.tensor(arrays.deltas(), arrays.boxTargets())))
            .feed(inputs.regressed(), keep(HostArrays.tensor(arrays.deltas(), arrays.regressed())));
      }
      int rois = graph.spec().roisPerImage();
      int maskRois = graph.spec().maskRoisPerImage();
      int r = MaskTargets.RESOLUTION;
      return runner.feed(graph.rois(), keep(HostArrays.tensor(Shape.of(n, rois, 4), heads.rois())))
          .feed(graph.roiClasses(), keep(HostArrays.tensor(Shape.of((long) n * rois), heads.roiClasses())))
          .feed(graph.roiBoxTargets(), keep(HostArrays.tensor(Shape.of((long) n * rois, 4), heads.roiBoxTargets())))
          .feed(graph.maskRois(), keep(HostArrays.tensor(Shape.of(n, maskRois, 4), heads.maskRois())))
          .feed(graph.maskClasses(), keep(HostArrays.tensor(Shape.of((long) n * maskRois), heads.maskClasses())))
          .feed(graph.maskTargets(), keep(HostArrays.tensor(Shape.of((long) n * maskRois, r, r), heads.maskTargets())));
    }

    /** The first run: the training tower's RPN outputs for these images, turned into proposals on the host. */
    private List<List<Proposal>> proposals(Session session, TFloat32 images, int n) {
      Session.Runner runner = session.runner().feed(graph.images(), images);
      List<Integer> levels = new ArrayList<>(graph.rpnScores().keySet());
      levels.forEach(level -> runner.fetch(graph.rpnScores().get(level)));
      levels.forEach(level -> runner.fetch(graph.rpnBoxes().get(level)));
      List<float[]> logits = new ArrayList<>();
      List<float[]> deltas = new ArrayList<>();
      try (var result = runner.run()) {
        for (int i = 0; i < levels.size(); i++) {
          logits.add(HostArrays.floats((TFloat32) result.get(i)));
          deltas.add(HostArrays.floats((TFloat32) result.get(levels.size() + i)));
        }
      }
      return ProposalGenerator.REFERENCE.proposeBatch(graph.anchors(), logits, deltas, n);
    }

    private <T extends Tensor> T keep(T tensor) {
      fed.add(tensor);
      return tensor;
    }

    @Override
    public void close() {
      fed.forEach(Tensor::close);
    }
  }
}
