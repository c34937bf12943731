package dev.segtpu.trainer.train;

import dev.segtpu.trainer.input.Batch;
import dev.segtpu.trainer.input.BatchSource;
import dev.segtpu.trainer.input.BatchSources;
import dev.segtpu.trainer.input.InputSpec;
import dev.segtpu.trainer.model.HostArrays;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** One pass over the evaluation split through the inference tower, accumulated into a confusion matrix. */
public final class Evaluator {

  private final InputSpec spec;
  private final int classes;

  public Evaluator(InputSpec spec, int classes) {
    this.spec = spec;
    this.classes = classes;
  }

  public SemanticEvaluation evaluate(Session session, TrainingGraph graph, long step) throws InterruptedException {
    long start = System.nanoTime();
    ConfusionMatrix matrix = new ConfusionMatrix(classes);
    long pixels = 0;
    try (BatchSource source = BatchSources.evaluation(spec)) {
      long batches = BatchSources.evaluationBatches(source, spec.batchSize());
      for (long b = 0; b < batches; b++) {
        Batch batch = source.next();
        try (TFloat32 images = HostArrays.tensor(Shape.of(batch.size(), batch.height(), batch.width(), 3), batch.images());
             var result = session.runner().feed(graph.inferenceImages(), images).fetch(graph.inferenceClasses()).run()) {
          matrix.add(HostArrays.ints((TInt32) result.get(0)), batch.labels());
        }
        pixels += batch.labels().length;
      }
    }
    return new SemanticEvaluation(step, matrix.meanIoU(), matrix.pixelAccuracy(), matrix.perClassIoU(), pixels,
        (System.nanoTime() - start) / 1e9);
  }
}
