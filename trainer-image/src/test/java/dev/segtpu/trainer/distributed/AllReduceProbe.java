package dev.segtpu.trainer.distributed;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * One worker of a group that all-reduces a small vector and prints the result: what {@code AllReduceTest}
 * runs in separate JVMs. Arguments: worker, worker count, base port, timeout seconds, rounds.
 */
public final class AllReduceProbe {

  public static void main(String[] args) {
    int worker = Integer.parseInt(args[0]);
    int count = Integer.parseInt(args[1]);
    int port = Integer.parseInt(args[2]);
    int timeout = Integer.parseInt(args[3]);
    int rounds = Integer.parseInt(args[4]);
    List<String> hosts = java.util.stream.IntStream.range(0, count).mapToObj(i -> "127.0.0.1").toList();
    PeerGroup group = new PeerGroup(worker, hosts, port, Duration.ofSeconds(timeout));
    var addresses = Rendezvous.resolve(group);
    CollectiveRuntime runtime = CollectiveRuntime.start(group, addresses);
    Rendezvous.awaitPeers(group, addresses);
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Operand<TFloat32> input = tf.constant(new float[] {worker + 1, 10 * (worker + 1), 0.5f});
      Operand<TFloat32> sum = CollectiveOps.allReduce(tf, graph, input, group, 1, "Add", "sum");
      try (Session session = runtime.open(graph, ConfigProto.getDefaultInstance())) {
        for (int round = 0; round < rounds; round++) {
          try (var result = session.runner().fetch(sum).run()) {
            TFloat32 values = (TFloat32) result.get(0);
            float[] out = new float[(int) values.size()];
            for (int i = 0; i < out.length; i++) {
              out[i] = values.getFloat(i);
            }
            System.out.println("RESULT " + round + " " + Arrays.toString(out));
          }
        }
      }
    }
    System.out.println("DONE");
    System.exit(0);
  }
}
