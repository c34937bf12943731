package dev.segtpu.trainer.distributed;

import java.time.Duration;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;

/** One worker of two comparing a weight digest (argument 3) through {@link ReplicaSync}; prints the answer. */
public final class DigestProbe {

  public static void main(String[] args) {
    int worker = Integer.parseInt(args[0]);
    int port = Integer.parseInt(args[1]);
    PeerGroup group = new PeerGroup(worker, List.of("127.0.0.1", "127.0.0.1"), port, Duration.ofSeconds(60));
    var addresses = Rendezvous.resolve(group);
    CollectiveRuntime runtime = CollectiveRuntime.start(group, addresses);
    Rendezvous.awaitPeers(group, addresses);
    ReplicaSync sync = new ReplicaSync(group);
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      sync.exchange(tf, graph, List.of(tf.constant(new float[] {1f, 2f})));
      try (Session session = runtime.open(graph, ConfigProto.getDefaultInstance())) {
        System.out.println("SAME " + sync.sameWeights(session, args[2]));
      }
    }
    System.exit(0);
  }
}
