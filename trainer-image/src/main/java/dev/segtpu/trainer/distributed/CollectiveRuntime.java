package dev.segtpu.trainer.distributed;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewServer;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_ServerStart;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_ServerTarget;

import java.net.InetSocketAddress;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.tensorflow.DistributedSession;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.internal.c_api.TF_Server;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.proto.ClusterDef;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.JobDef;
import org.tensorflow.proto.ServerDef;

/**
 * This worker's part of TensorFlow's distributed runtime: its gRPC server in the group's cluster and
 * sessions whose collective ops (all-reduce) run with the other workers. Worker 0 leads the collective
 * groups, as TensorFlow's own multi-worker strategy does.
 *
 * <p>A session sees only this worker's devices ({@code device_filters}): graph ops stay on this host,
 * collectives reach the peers, and creating a session does not wait for every peer's devices. The server
 * is never stopped (TensorFlow's gRPC server has no clean shutdown); it ends with the process, and after a
 * collective fails the process must end too, as the collective executor is aborted for good.
 */
public final class CollectiveRuntime {

  private final PeerGroup group;
  private final String target;
  private final TF_Server server;

  private CollectiveRuntime(PeerGroup group, String target, TF_Server server) {
    this.group = group;
    this.target = target;
    this.server = server;
  }

  /** Starts this worker's server in the cluster of {@code addresses} (one per worker, by index). */
  public static CollectiveRuntime start(PeerGroup group, List<InetSocketAddress> addresses) {
    return start(group, addresses, ConfigProto.getDefaultInstance());
  }

  /**
   * As {@link #start(PeerGroup, List)}, with {@code local} (thread pools, graph options) as the server's
   * session configuration: a worker's devices and thread pools are made when its server starts, from
   * that configuration, not from a later session's.
   */
  public static CollectiveRuntime start(PeerGroup group, List<InetSocketAddress> addresses, ConfigProto local) {
    JobDef.Builder job = JobDef.newBuilder().setName(PeerGroup.JOB);
    for (int i = 0; i < addresses.size(); i++) {
      job.putTasks(i, addresses.get(i).getAddress().getHostAddress() + ":" + addresses.get(i).getPort());
    }
    ServerDef definition = ServerDef.newBuilder()
        .setCluster(ClusterDef.newBuilder().addJob(job))
        .setJobName(PeerGroup.JOB)
        .setTaskIndex(group.worker())
        .setProtocol("grpc")
        .setPort(addresses.get(group.worker()).getPort())
        .setDefaultSessionConfig(serverConfig(local).mergeFrom(sessionConfig(group)).build())
        .build();
    TF_Status status = TF_Status.newStatus();
    byte[] bytes = definition.toByteArray();
    TF_Server server = TF_NewServer(new BytePointer(bytes), bytes.length, status);
    status.throwExceptionIfNotOK();
    TF_ServerStart(server, status);
    status.throwExceptionIfNotOK();
    return new CollectiveRuntime(group, TF_ServerTarget(server).getString(), server);
  }

  /**
   * The local configuration as a server takes it: "run ops in the caller's thread" (inter-op -1) is a
   * direct session's option, which a server's executor aborts on; one inter-op thread is its equivalent.
   */
  private static ConfigProto.Builder serverConfig(ConfigProto local) {
    ConfigProto.Builder config = local.toBuilder();
    if (config.getInterOpParallelismThreads() < 0) {
      config.setInterOpParallelismThreads(1);
    }
    return config;
  }

  static ConfigProto sessionConfig(PeerGroup group) {
    return ConfigProto.newBuilder()
        .addDeviceFilters("/job:" + PeerGroup.JOB + "/task:" + group.worker())
        .setExperimental(ConfigProto.Experimental.newBuilder()
            .setCollectiveGroupLeader("/job:" + PeerGroup.JOB + "/replica:0/task:0"))
        .build();
  }

  /** A session on {@code graph} through this worker's server. */
  public Session open(Graph graph, ConfigProto local) {
    return DistributedSession.open(graph, target, local.toBuilder().mergeFrom(sessionConfig(group)).build());
  }

  public PeerGroup group() {
    return group;
  }

  public String target() {
    return target;
  }
}
