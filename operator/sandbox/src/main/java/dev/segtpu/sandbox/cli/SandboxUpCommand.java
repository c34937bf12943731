package dev.segtpu.sandbox.cli;

import dev.segtpu.sandbox.Sandbox;
import dev.segtpu.sandbox.SandboxOptions;
import dev.segtpu.sandbox.nodepool.NodePoolSpec;
import java.net.BindException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "up", mixinStandardHelpOptions = true,
    description = "Start the sandbox (API server, TPU node pools, operator) and keep it running until Ctrl-C.")
final class SandboxUpCommand implements Callable<Integer> {

  @Option(names = "--port", description = "API server port on 127.0.0.1 (default: ${DEFAULT-VALUE})", defaultValue = "16443")
  int port;

  @Option(names = "--root", description = "sandbox folder (default: ${DEFAULT-VALUE})", defaultValue = ".segtpu-sandbox")
  Path root;

  @Option(names = "--node-pool", converter = NodePoolOption.class, description = "GENERATION:TOPOLOGY:PROVISIONING[:SLICES], "
      + "repeatable (default: v5e:1x1:spot:2, v5e:2x4:spot, v5e:4x4:spot, v5p:2x2x2:on-demand)")
  List<NodePoolSpec> nodePools;

  @Override
  public Integer call() throws InterruptedException {
    List<NodePoolSpec> pools = nodePools != null ? nodePools
        : Stream.of("v5e:1x1:spot:2", "v5e:2x4:spot", "v5e:4x4:spot", "v5p:2x2x2:on-demand").map(NodePoolSpec::parse).toList();
    CountDownLatch stopped = new CountDownLatch(1);
    Sandbox sandbox = startOnPort(new SandboxOptions(root.toAbsolutePath(), port, pools,
        SandboxOptions.SANDBOX_OPERATOR_ARGS, true, SandboxOptions.POD_GC_QUARANTINE));
    // Ctrl-C: stop the trainers (SIGTERM, so they checkpoint) before the JVM exits.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      sandbox.close();
      stopped.countDown();
    }));
    {
      System.out.println("segtpu sandbox is up: API server " + sandbox.apiServer().url() + ", "
          + sandbox.client().nodes().list().getItems().size() + " TPU nodes, operator running.");
      System.out.println("export KUBECONFIG=" + sandbox.kubeconfig());
      System.out.println("kubectl apply -f examples/quick-deeplab-synthetic.yaml && kubectl get stj -w");
      System.out.println("Ctrl-C stops.");
      stopped.await();
    }
    return 0;
  }

  /** Starts the sandbox; a port already taken is the user's to resolve, not a crash. */
  private Sandbox startOnPort(SandboxOptions options) {
    try {
      return Sandbox.start(options);
    } catch (RuntimeException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof BindException) {
          throw new UserError("port " + port + " on 127.0.0.1 is in use (another sandbox?); stop what holds it or pick"
              + " another with --port");
        }
      }
      throw e;
    }
  }
}
