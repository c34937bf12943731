package dev.segtpu.sandbox.bench;

import dev.segtpu.api.Phase;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.StorageSource;
import dev.segtpu.sandbox.Sandbox;
import dev.segtpu.sandbox.SandboxOptions;
import dev.segtpu.sandbox.nodepool.NodePoolSpec;
import dev.segtpu.sandbox.reclaim.SpotReclaimer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The quick example with the real trainer, end to end through one Spot reclaim, timed. */
final class QuickJobBenchmark {

  record Result(Duration wallTime, Phase phase, int attempts, long steps) {}

  private QuickJobBenchmark() {}

  static Result run(Path root, Path manifest) throws IOException, InterruptedException {
    SegmentationTrainingJob job = Serialization.unmarshal(Files.readString(manifest), SegmentationTrainingJob.class);
    job.getMetadata().setNamespace("default");
    job.getSpec().checkpoint.storage = StorageSource.hostPath(root.resolve("checkpoints").toString());
    String name = job.getMetadata().getName();
    long started = System.nanoTime();
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.of(root.resolve("sandbox"), List.of(
        new NodePoolSpec(job.getSpec().tpu.generation, job.getSpec().tpu.topology, job.getSpec().tpu.provisioning, 1))));
         SpotReclaimer reclaimer = new SpotReclaimer(sandbox.client(), sandbox.kubelet(), Duration.ofSeconds(15),
             Duration.ofSeconds(5))) {
      sandbox.client().resource(job).create();
      SegmentationTrainingJob current = await(sandbox, name, j -> j.getStatus() != null && j.getStatus().progress != null
          && j.getStatus().progress.step != null && j.getStatus().progress.step >= j.getStatus().progress.totalSteps / 3);
      reclaimer.reclaim("default", name, SpotReclaimer.Mode.SHUTDOWN);
      current = await(sandbox, name, j -> j.getStatus() != null && j.getStatus().phaseOrPending().finished());
      return new Result(Duration.ofNanos(System.nanoTime() - started), current.getStatus().phase,
          current.getStatus().attemptOrZero(), current.getStatus().progress == null ? 0 : current.getStatus().progress.step);
    }
  }

  private static SegmentationTrainingJob await(Sandbox sandbox, String name,
                                               java.util.function.Predicate<SegmentationTrainingJob> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
    while (System.nanoTime() < deadline) {
      SegmentationTrainingJob job = sandbox.client().resources(SegmentationTrainingJob.class).inNamespace("default")
          .withName(name).get();
      if (job != null && condition.test(job)) {
        return job;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(name + " did not get there within 15 minutes");
  }
}
