package dev.segtpu.sandbox.cli;

import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.validation.FieldError;
import dev.segtpu.api.validation.SpecValidator;
import dev.segtpu.sandbox.Sandbox;
import dev.segtpu.sandbox.SandboxOptions;
import dev.segtpu.sandbox.nodepool.NodePoolSpec;
import dev.segtpu.sandbox.reclaim.SpotReclaimer;
import dev.segtpu.tpu.TpuCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Start the sandbox, apply a SegmentationTrainingJob, show live progress, inject Spot reclaims, "
        + "wait for the end and print a summary. Exits 0 when the job succeeded.")
final class SandboxRunCommand implements Callable<Integer> {

  @Spec
  CommandSpec command;

  @Parameters(index = "0", description = "the job manifest (YAML)")
  Path manifest;

  @Option(names = "--root", description = "sandbox folder (default: a new folder under ${DEFAULT-VALUE})",
      defaultValue = ".segtpu-sandbox")
  Path root;

  @Option(names = "--preempt-after", split = ",", converter = HumanDuration.class, description = "reclaim the job's TPU node this long after it "
      + "starts running, e.g. 45s or 40s,90s (each counted from the previous reclaim)")
  List<Duration> preemptAfter = new ArrayList<>();

  @Option(names = "--preempt-mode", description = "SHUTDOWN (graceful node shutdown, default), VANISH (node lost) or CUT_OFF "
      + "(network partition: the cluster loses the node, its trainers keep running until fenced)",
      defaultValue = "SHUTDOWN")
  SpotReclaimer.Mode preemptMode;

  @Option(names = "--capacity-return", converter = HumanDuration.class, description = "how long reclaimed capacity stays away (default: ${DEFAULT-VALUE})",
      defaultValue = "5s")
  Duration capacityReturn;

  @Option(names = "--restart-operator-after", split = ",", converter = HumanDuration.class, description = "kill the "
      + "operator and start a fresh one this long after the job was applied, e.g. 60s or 30s,90s (from the start)")
  List<Duration> restartOperatorAfter = new ArrayList<>();

  @Option(names = "--node-pool", converter = NodePoolOption.class, description = "extra GENERATION:TOPOLOGY:PROVISIONING[:SLICES] "
      + "node pools; the job's own slice shape (as many slices as spec.tpu.slices) is always there")
  List<NodePoolSpec> nodePools = new ArrayList<>();

  @Option(names = "--verbose", description = "show the operator's, the kubelet's and the API server's log lines as they "
      + "come (default: in sandbox.log in the run's folder, which the summary names)")
  boolean verbose;

  @Option(names = "--timeout", converter = HumanDuration.class, description = "give up after this long (default: ${DEFAULT-VALUE})", defaultValue = "30m")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    SegmentationTrainingJob job = JobManifest.read(manifest);
    List<FieldError> errors = new SpecValidator(TpuCatalog.load()).validate(job.getSpec());
    if (!errors.isEmpty()) {
      command.commandLine().getErr().println(manifest + " is invalid:");
      errors.forEach(e -> command.commandLine().getErr().println("  " + e));
      return UserError.EXIT_CODE;
    }
    Path folder = Files.createDirectories(root.toAbsolutePath()).resolve("run-" + System.currentTimeMillis());
    if (job.getSpec().checkpoint.storage.hostPath != null) {
      // Each run is a new job: it gets fresh checkpoint storage, or it would meet (and be fenced by) the
      // checkpoints an earlier run of the same manifest left in the same host folder.
      job.getSpec().checkpoint.storage = dev.segtpu.api.StorageSource.hostPath(folder.resolve("checkpoints").toString());
    }
    Files.createDirectories(folder);
    try (RunLog log = verbose ? RunLog.live() : RunLog.toFile(folder.resolve("sandbox.log"));
         Sandbox sandbox = Sandbox.start(SandboxOptions.of(folder, pools(job.getSpec())));
         SpotReclaimer reclaimer = new SpotReclaimer(sandbox.client(), sandbox.kubelet(), Duration.ofSeconds(15),
             capacityReturn)) {
      System.out.println("sandbox: API " + sandbox.apiServer().url() + ", kubeconfig " + sandbox.kubeconfig()
          + (job.getSpec().checkpoint.storage.hostPath == null ? "" : ", checkpoints "
          + job.getSpec().checkpoint.storage.hostPath.path));
      job.getMetadata().setNamespace("default");
      sandbox.client().resource(job).create();
      var restarts = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
      for (Duration delay : restartOperatorAfter) {
        restarts.schedule(() -> {
          System.out.println(">>> operator killed and restarted");
          sandbox.restartOperator();
        }, delay.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      }
      JobWatch watch = new JobWatch(sandbox.client(), "default", job.getMetadata().getName(), System.out);
      SegmentationTrainingJob finished = watch.untilFinished(timeout, preemptAfter, reclaimer, preemptMode);
      restarts.shutdownNow();
      new RunSummary(finished, sandbox, watch.reclaims(), watch.estimates()).print(System.out);
      log.path().ifPresent(file -> System.out.println("logs: " + file + " (operator, kubelet, API server); "
          + folder.resolve("logs").resolve("pods") + " (each pod's output, also `kubectl logs`)"));
      return finished != null && finished.getStatus() != null
          && finished.getStatus().phase == dev.segtpu.api.Phase.Succeeded ? 0 : 1;
    }
  }

  /**
   * The job's own slice shape, as many slices as it trains on, in every provisioning of its ladder (the
   * on-demand fallback included), plus what was asked for.
   */
  private List<NodePoolSpec> pools(SegmentationTrainingJobSpec spec) {
    List<NodePoolSpec> pools = new ArrayList<>();
    int slices = spec.tpu.slicesOrDefault();
    for (dev.segtpu.api.ProvisioningLadder.Rung rung : dev.segtpu.api.ProvisioningLadder.of(spec).rungs()) {
      pools.add(new NodePoolSpec(spec.tpu.generation, spec.tpu.topology, rung.provisioning(), slices));
    }
    pools.addAll(nodePools);
    return pools;
  }
}
