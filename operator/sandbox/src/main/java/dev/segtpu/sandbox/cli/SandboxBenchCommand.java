package dev.segtpu.sandbox.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure the sandbox: the quick example end to end, work lost per reclaim with and without "
        + "SIGTERM checkpoints, and reclaim-to-new-gang latency (p50/p99).")
final class SandboxBenchCommand implements Callable<Integer> {

  @Option(names = "--reclaims", description = "reclaims per mode (default: ${DEFAULT-VALUE})", defaultValue = "30")
  int reclaims;

  @Option(names = "--manifest", description = "the quick job (default: ${DEFAULT-VALUE})",
      defaultValue = "examples/quick-deeplab-synthetic.yaml")
  Path manifest;

  @Option(names = "--skip-quick-job", description = "skip the real-trainer end-to-end run")
  boolean skipQuickJob;

  @Override
  public Integer call() throws Exception {
    Path root = Files.createTempDirectory("segtpu-bench");
    return dev.segtpu.sandbox.bench.SandboxBenchmark.run(root, manifest, reclaims, !skipQuickJob, System.out);
  }
}
