package dev.segtpu.sandbox.bench;

import dev.segtpu.api.Phase;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.StorageSource;
import dev.segtpu.api.TrainerSpec;
import dev.segtpu.sandbox.Sandbox;
import dev.segtpu.sandbox.SandboxOptions;
import dev.segtpu.sandbox.kubelet.LocalImages;
import dev.segtpu.sandbox.nodepool.NodePoolSpec;
import dev.segtpu.sandbox.reclaim.SpotReclaimer;
import dev.segtpu.sandbox.standin.StandInRecord;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs one long job of the contract-honouring stand-in trainer (20 ms a step, checkpoint every 50
 * steps) through a series of reclaims of one mode, measuring per reclaim the time until the next
 * attempt's pods exist and the steps the reclaim cost.
 */
final class PreemptionBenchmark {

  record Result(SpotReclaimer.Mode mode, List<Double> reactionMillis, List<Double> stepsLost) {}

  private static final long STEP_MILLIS = 20;
  static final long CHECKPOINT_EVERY = 50;

  private PreemptionBenchmark() {}

  static Result run(Path root, SpotReclaimer.Mode mode, int reclaims) throws IOException, InterruptedException {
    Path storage = root.resolve("checkpoints-" + mode.name().toLowerCase());
    List<Double> reaction = new ArrayList<>();
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.of(root.resolve(mode.name().toLowerCase()),
        List.of(NodePoolSpec.parse("v5e:1x1:spot:2"))));
         SpotReclaimer reclaimer = new SpotReclaimer(sandbox.client(), sandbox.kubelet(), Duration.ofSeconds(5),
             Duration.ofSeconds(1))) {
      SegmentationTrainingJob job = job(storage, reclaims);
      sandbox.client().resource(job).create();
      for (int i = 0; i < reclaims; i++) {
        int attempt = awaitRunning(sandbox, i);
        Thread.sleep(1000 + (i % 5) * 150L);  // reclaims land at varying distances from the last checkpoint
        // The job's status can run ahead of the pod's (the kubelet reports every 100 ms): retry briefly.
        long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long reclaimed = System.nanoTime();
        while (reclaimer.reclaim("default", "bench", mode).isEmpty()) {
          if (System.nanoTime() > giveUp) {
            throw new IllegalStateException("no running worker to reclaim for 10 s");
          }
          Thread.sleep(50);
          reclaimed = System.nanoTime();
        }
        awaitPodOfAttempt(sandbox, attempt + 1);
        reaction.add((System.nanoTime() - reclaimed) / 1e6);
      }
      sandbox.client().resource(job).delete();
    }
    return new Result(mode, reaction, stepsLost(storage));
  }

  private static SegmentationTrainingJob job(Path storage, int reclaims) {
    SegmentationTrainingJob job = new SegmentationTrainingJob();
    job.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("bench").withNamespace("default").build());
    job.setSpec(io.fabric8.kubernetes.client.utils.Serialization.unmarshal("""
        model: {architecture: deeplabv3plus, backbone: mobilenetv2, numClasses: 4, imageSize: 64}
        dataset: {format: synthetic, trainExamples: 512}
        training: {steps: 100000, batchSize: 8}
        tpu: {generation: v5e, topology: 1x1, provisioning: spot}
        checkpoint: {storage: {hostPath: {path: /tmp}}, interval: 50steps}
        """, dev.segtpu.api.SegmentationTrainingJobSpec.class));
    job.getSpec().checkpoint.storage = StorageSource.hostPath(storage.toString());
    job.getSpec().trainer = new TrainerSpec();
    job.getSpec().trainer.image = LocalImages.STANDIN_IMAGE;
    job.getSpec().trainer.env = List.of(new EnvVar("STANDIN_STEP_MILLIS", String.valueOf(STEP_MILLIS), null));
    return job;
  }

  private static int awaitRunning(Sandbox sandbox, int previousAttempt) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      SegmentationTrainingJob job = sandbox.client().resources(SegmentationTrainingJob.class).inNamespace("default")
          .withName("bench").get();
      if (job.getStatus() != null && job.getStatus().phase == Phase.Running && job.getStatus().attemptOrZero() > previousAttempt
          && job.getStatus().progress != null && job.getStatus().progress.step != null) {
        return job.getStatus().attempt;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the job did not run again within 60 s");
  }

  private static void awaitPodOfAttempt(Sandbox sandbox, int attempt) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      boolean exists = sandbox.client().pods().inNamespace("default").withLabel("segtpu.dev/job", "bench")
          .withLabel("segtpu.dev/attempt", String.valueOf(attempt)).list().getItems().stream().findAny().isPresent();
      if (exists) {
        return;
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("attempt " + attempt + " never got pods");
  }

  /** Per reclaim: the furthest step the attempt reached minus the step the next attempt resumed from. */
  private static List<Double> stepsLost(Path storage) throws IOException {
    Map<Integer, Long> byAttempt = StandInRecord.find(storage).stepsLostByAttempt();
    int last = ((TreeMap<Integer, Long>) byAttempt).lastKey(); // the attempt that finished was not reclaimed
    List<Double> lost = new ArrayList<>();
    byAttempt.forEach((attempt, steps) -> {
      if (attempt != last) {
        lost.add((double) steps);
      }
    });
    return lost;
  }
}
