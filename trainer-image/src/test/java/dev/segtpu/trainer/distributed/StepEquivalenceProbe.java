package dev.segtpu.trainer.distributed;

import dev.segtpu.trainer.model.Activations;
import dev.segtpu.trainer.model.HostArrays;
import dev.segtpu.trainer.model.Layers;
import dev.segtpu.trainer.model.Parameter;
import dev.segtpu.trainer.model.PixelwiseCrossEntropy;
import dev.segtpu.trainer.model.SegmentationModel;
import dev.segtpu.trainer.train.MomentumSgd;
import dev.segtpu.trainer.train.Recomputation;
import dev.segtpu.trainer.train.Replicas;
import dev.segtpu.trainer.train.SessionSettings;
import dev.segtpu.trainer.train.TrainingGraph;
import dev.segtpu.trainer.train.TrainingShape;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Three training steps of a small per-pixel classifier without batch normalisation (so the gradient over
 * a batch is the mean of its examples' gradients, however the batch is split), on a fixed batch of
 * {@value #UNION} images: either all of it in one process ("single"), or worker i's half of it in a group
 * of two, or only the first half in one process ("half": what a worker would end with if the all-reduce did
 * nothing). Writes the trained weights to a file. Arguments: single|half|worker index, port, output file.
 */
public final class StepEquivalenceProbe {

  static final int UNION = 4;
  static final int SIZE = 12;
  static final int CLASSES = 3;
  static final int STEPS = 3;

  /** conv 3×3 → ReLU → 1×1 classifier: a model whose gradient is a plain mean over its batch. */
  static final class PixelClassifier implements SegmentationModel {
    @Override
    public String description() {
      return "pixel classifier";
    }

    @Override
    public int numClasses() {
      return CLASSES;
    }

    @Override
    public Operand<TFloat32> logits(Layers layers, Operand<TFloat32> images) {
      Operand<TFloat32> scaled = layers.tf().math.mul(images, layers.tf().constant(1f / 255f));
      return layers.classifier("logits", layers.relu(layers.conv("features", scaled, 3, 6, 1, 1)), CLASSES);
    }

    @Override
    public Operand<TFloat32> loss(Layers layers, Operand<TFloat32> logits, Operand<TInt32> labels) {
      return PixelwiseCrossEntropy.loss(layers.tf(), logits, labels, CLASSES);
    }
  }

  public static void main(String[] args) throws IOException {
    boolean half = args[0].equals("half");
    boolean single = args[0].equals("single") || half;
    int worker = single ? 0 : Integer.parseInt(args[0]);
    int port = Integer.parseInt(args[1]);
    Path out = Path.of(args[2]);
    int share = single && !half ? UNION : UNION / 2;

    SplittableRandom random = new SplittableRandom(11);
    float[] images = new float[UNION * SIZE * SIZE * 3];
    int[] labels = new int[UNION * SIZE * SIZE];
    for (int i = 0; i < images.length; i++) {
      images[i] = random.nextInt(256);
    }
    Arrays.setAll(labels, i -> random.nextInt(CLASSES));
    int first = worker * share;
    float[] myImages = Arrays.copyOfRange(images, first * SIZE * SIZE * 3, (first + share) * SIZE * SIZE * 3);
    int[] myLabels = Arrays.copyOfRange(labels, first * SIZE * SIZE, (first + share) * SIZE * SIZE);

    Replicas replicas = Replicas.SINGLE;
    CollectiveRuntime runtime = null;
    if (!single) {
      PeerGroup group = new PeerGroup(worker, List.of("127.0.0.1", "127.0.0.1"), port, Duration.ofSeconds(60));
      var addresses = Rendezvous.resolve(group);
      runtime = CollectiveRuntime.start(group, addresses);
      Rendezvous.awaitPeers(group, addresses);
      replicas = new ReplicaSync(group);
    }
    try (TrainingGraph graph = new TrainingGraph(new PixelClassifier(), TrainingShape.square(share, SIZE),
        new MomentumSgd(0.9, 0), 0.9f, 5, Activations.PUBLISHED, Recomputation.NONE, replicas);
         Session session = runtime == null ? SessionSettings.open(graph.graph())
             : runtime.open(graph.graph(), SessionSettings.config())) {
      session.forceInitialize();
      for (int step = 0; step < STEPS; step++) {
        try (TFloat32 x = HostArrays.tensor(Shape.of(share, SIZE, SIZE, 3), myImages);
             var y = HostArrays.tensor(Shape.of(share, SIZE, SIZE), myLabels);
             TFloat32 rate = TFloat32.scalarOf(0.5f)) {
          Session.Runner runner = session.runner().feed(graph.images(), x).feed(graph.labels(), y)
              .feed(graph.learningRate(), rate).addTarget(graph.trainStep()).fetch(graph.loss());
          Replicas.StepAgreement agreement = replicas.step(runner, new dev.segtpu.trainer.train.StepSignals(false, false), 1);
          try (var result = runner.run()) {
            agreement.read(result);
          }
        }
      }
      List<Parameter> trainable = graph.parameters().trainable();
      Session.Runner runner = session.runner();
      trainable.forEach(p -> runner.fetch(p.variable()));
      try (var result = runner.run(); DataOutputStream data = new DataOutputStream(Files.newOutputStream(out))) {
        for (int i = 0; i < trainable.size(); i++) {
          for (float value : HostArrays.floats((TFloat32) result.get(i))) {
            data.writeFloat(value);
          }
        }
      }
    }
    System.exit(0);
  }
}
