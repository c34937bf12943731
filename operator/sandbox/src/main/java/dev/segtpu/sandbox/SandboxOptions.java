package dev.segtpu.sandbox;

import dev.segtpu.sandbox.nodepool.NodePoolSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to start the sandbox.
 *
 * @param root folder for the kubeconfig, pod folders and the stand-ins for PVCs and buckets
 * @param apiPort port of the API server on 127.0.0.1 (0: any free port)
 * @param operatorArgs the operator's command-line flags (see OperatorSettings)
 * @param podGcQuarantine how long pods of a vanished node stay before PodGC deletes them
 * @param metricsPort port of the operator's /healthz, /readyz and /metrics (0: any free port); it overrides
 *     the operator's own --metrics-port, so several sandboxes and the host's services never collide
 */
public record SandboxOptions(Path root, int apiPort, List<NodePoolSpec> nodePools, List<String> operatorArgs,
                             boolean startOperator, Duration podGcQuarantine, int metricsPort) {

  /** How long pods of a vanished node linger before PodGC deletes them (kube-controller-manager: 40 s). */
  public static final Duration POD_GC_QUARANTINE = Duration.ofSeconds(5);

  /**
   * The operator flags the sandbox runs with: one replica, fast polling, Spot grace as on GKE, succeeded
   * jobs' throughput recorded (as the chart does) so estimates calibrate within a sandbox session.
   */
  public static final List<String> SANDBOX_OPERATOR_ARGS = List.of(
      "--leader-election=false", "--status-poll-interval=2s", "--status-poll-timeout=1s", "--watch-nodes=true",
      "--backoff-base=2s", "--backoff-max=20s", "--spot-grace=15s", "--on-demand-grace=30s", "--record-throughput=true",
      // the sandbox's nodes are this machine, and its examples keep checkpoints in host folders
      "--allowed-host-path-prefixes=/");

  public SandboxOptions {
    nodePools = List.copyOf(nodePools);
    operatorArgs = List.copyOf(operatorArgs);
  }

  /** The operator's metrics on any free port. */
  public SandboxOptions(Path root, int apiPort, List<NodePoolSpec> nodePools, List<String> operatorArgs,
                        boolean startOperator, Duration podGcQuarantine) {
    this(root, apiPort, nodePools, operatorArgs, startOperator, podGcQuarantine, 0);
  }

  public static SandboxOptions of(Path root, List<NodePoolSpec> nodePools) {
    return new SandboxOptions(root, 0, nodePools, SANDBOX_OPERATOR_ARGS, true, POD_GC_QUARANTINE, 0);
  }

  public SandboxOptions withOperatorArgs(List<String> args) {
    return new SandboxOptions(root, apiPort, nodePools, args, startOperator, podGcQuarantine, metricsPort);
  }

  public SandboxOptions withMetricsPort(int port) {
    return new SandboxOptions(root, apiPort, nodePools, operatorArgs, startOperator, podGcQuarantine, port);
  }
}
