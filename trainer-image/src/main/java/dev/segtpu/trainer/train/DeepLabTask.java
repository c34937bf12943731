package dev.segtpu.trainer.train;

import dev.segtpu.trainer.input.Batch;
import dev.segtpu.trainer.input.BatchSource;
import dev.segtpu.trainer.input.BatchSources;
import dev.segtpu.trainer.input.DataPosition;
import dev.segtpu.trainer.input.InputSpec;
import dev.segtpu.trainer.input.Shard;
import dev.segtpu.trainer.model.HostArrays;
import java.io.IOException;
import java.nio.file.Path;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** DeepLab v3+: images and per-pixel labels fed to one graph run; mIoU evaluation; logits and classes exported. */
public final class DeepLabTask implements TrainingTask {

  private final String description;
  private final TrainingGraph graph;
  private final InputSpec trainInput;
  private final Evaluator evaluator;

  public DeepLabTask(String description, TrainingGraph graph, InputSpec trainInput, InputSpec evalInput, int classes) {
    this.description = description;
    this.graph = graph;
    this.trainInput = trainInput;
    this.evaluator = new Evaluator(evalInput, classes);
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public TrainingGraph graph() {
    return graph;
  }

  @Override
  public StepBatches training(DataPosition start, Shard shard) {
    BatchSource source = BatchSources.training(trainInput, start.epoch(), start.position(), shard);
    return new StepBatches() {
      @Override
      public StepBatch next() throws InterruptedException {
        return new Fed(source.next());
      }

      @Override
      public long examplesPerEpoch() {
        return source.examplesPerEpoch();
      }

      @Override
      public void close() {
        source.close();
      }
    };
  }

  @Override
  public Evaluation evaluate(Session session, long step) throws InterruptedException {
    return evaluator.evaluate(session, graph, step);
  }

  @Override
  public Path export(Session session, Path target) throws IOException {
    return ModelExport.export(session, graph, target);
  }

  @Override
  public void close() {
    graph.close();
  }

  /** A segmentation batch as the images and labels placeholders' tensors. */
  private final class Fed implements StepBatch {

    private final Batch batch;
    private TFloat32 images;
    private TInt32 labels;

    Fed(Batch batch) {
      this.batch = batch;
    }

    @Override
    public int size() {
      return batch.size();
    }

    @Override
    public long epoch() {
      return batch.epoch();
    }

    @Override
    public long position() {
      return batch.position();
    }

    @Override
    public long waitNanos() {
      return batch.waitNanos();
    }

    @Override
    public Session.Runner feed(Session session, Session.Runner runner) {
      images = HostArrays.tensor(Shape.of(batch.size(), batch.height(), batch.width(), 3), batch.images());
      labels = HostArrays.tensor(Shape.of(batch.size(), batch.height(), batch.width()), batch.labels());
      return runner.feed(graph.images(), images).feed(graph.labels(), labels);
    }

    @Override
    public void close() {
      if (images != null) {
        images.close();
      }
      if (labels != null) {
        labels.close();
      }
    }
  }
}
