package dev.segtpu.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.Phase;
import dev.segtpu.api.Provisioning;
import dev.segtpu.api.ProvisioningRung;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.StorageSource;
import dev.segtpu.api.TrainerSpec;
import dev.segtpu.sandbox.Sandbox;
import dev.segtpu.sandbox.SandboxOptions;
import dev.segtpu.sandbox.kubelet.LocalImages;
import dev.segtpu.sandbox.nodepool.NodePoolSpec;
import dev.segtpu.sandbox.reclaim.SpotReclaimer;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job climbing its provisioning ladder in the sandbox, with the contract-checking stand-in trainer:
 * Spot is reclaimed, so it moves to flex-start, whose capacity appears only after the provisioning wait
 * and is taken back when its run ends, so it moves to on-demand and finishes there.
 */
class ProvisioningLadderSystemTest {

  @TempDir
  Path root;

  @Test
  void aJobMovesFromSpotToFlexStartToOnDemandAndFinishesWithoutLosingSteps() throws Exception {
    List<NodePoolSpec> pools = List.of(NodePoolSpec.parse("v5e:1x1:spot"), NodePoolSpec.parse("v5e:1x1:flex-start:1:15s"),
        NodePoolSpec.parse("v5e:1x1:on-demand"));
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.of(root, pools));
         SpotReclaimer reclaimer = new SpotReclaimer(sandbox.client(), sandbox.kubelet(), Duration.ofSeconds(5),
             Duration.ofMinutes(10))) {
      SandboxJobs jobs = new SandboxJobs(sandbox);
      SegmentationTrainingJob job = SandboxJobs.example("quick-deeplab-synthetic.yaml");
      job.getMetadata().setName("climber");
      job.getSpec().training.steps = 900L;
      job.getSpec().training.evalIntervalSteps = null;
      job.getSpec().checkpoint.interval = "20steps";
      job.getSpec().checkpoint.storage = StorageSource.hostPath(root.resolve("checkpoints").toString());
      job.getSpec().trainer = new TrainerSpec();
      job.getSpec().trainer.image = LocalImages.STANDIN_IMAGE;
      job.getSpec().provisioningLadder = List.of(new ProvisioningRung(Provisioning.FLEX_START, 1, null),
          new ProvisioningRung(Provisioning.ON_DEMAND, 1, null));
      jobs.create(job);

      jobs.awaitJob("climber", Duration.ofSeconds(60), j -> j.getStatus() != null && j.getStatus().progress != null
          && j.getStatus().progress.step != null && j.getStatus().progress.step >= 20);
      assertThat(reclaimer.reclaim("default", "climber", SpotReclaimer.Mode.SHUTDOWN)).isPresent();

      SegmentationTrainingJob onFlexStart = jobs.awaitJob("climber", Duration.ofSeconds(60),
          j -> j.getStatus() != null && SandboxJobs.inPhase(j, Phase.Running) && j.getStatus().attempt == 2);
      assertThat(onFlexStart.getStatus().tpu).isEqualTo("v5e 1x1 flex-start");
      assertThat(onFlexStart.getStatus().rung.index).isEqualTo(1);
      Pod flexPod = jobs.pods("climber").get(0);
      Node flexNode = sandbox.client().nodes().withName(flexPod.getSpec().getNodeName()).get();
      assertThat(flexNode.getMetadata().getLabels()).containsEntry("cloud.google.com/gke-flex-start", "true");
      assertThat(java.time.Duration.between(java.time.Instant.parse(flexPod.getMetadata().getCreationTimestamp()),
          java.time.Instant.parse(flexNode.getMetadata().getCreationTimestamp())))
          .as("the flex-start slice appeared only after the provisioning wait").isGreaterThanOrEqualTo(Sandbox.FLEX_START_WAIT);

      SegmentationTrainingJob done = jobs.awaitFinished("climber", Duration.ofMinutes(3));

      assertThat(done.getStatus().phase).as(String.valueOf(done.getStatus().conditions)).isEqualTo(Phase.Succeeded);
      assertThat(done.getStatus().preemptions).as("the Spot reclaim and the end of the flex-start run").isEqualTo(2);
      assertThat(done.getStatus().provisioning).isEqualTo(Provisioning.ON_DEMAND);
      assertThat(done.getStatus().rung.index).isEqualTo(2);
      assertThat(done.getStatus().rung.reason).contains("1 preemptions on flex-start capacity");
      var committed = dev.segtpu.sandbox.standin.StandInRecord.find(root.resolve("checkpoints")).committed();
      assertThat(committed.get(committed.size() - 1).step()).as("the last attempt committed the target step").isEqualTo(900);
      assertThat(jobs.eventReasons("climber", "Succeeded").stream().filter("ProvisioningChanged"::equals)).hasSize(2);
    }
  }
}
