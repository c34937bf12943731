package dev.segtpu.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.Phase;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.StorageSource;
import dev.segtpu.api.TrainerSpec;
import dev.segtpu.operator.workload.GangNames;
import dev.segtpu.sandbox.Sandbox;
import dev.segtpu.sandbox.SandboxOptions;
import dev.segtpu.sandbox.kubelet.LocalImages;
import dev.segtpu.sandbox.nodepool.NodePoolSpec;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queued provisioning through Kueue with the objects of examples/kueue-flex-start, in the sandbox (whose
 * Kueue emulation gates queued pods and admits pod groups; see dev.segtpu.sandbox.kueue). The job's pods
 * wait at Kueue's gate while its LocalQueue does not exist, are admitted once it does and land on
 * flex-start nodes with the ProvisioningRequest's consume annotations; when the flex-start run ends, the
 * attempt's group is closed and the next attempt queues and is admitted again, and the job succeeds.
 */
class KueueQueuedProvisioningSystemTest {

  private static final Path EXAMPLE = SandboxJobs.REPO.resolve("examples/kueue-flex-start");

  @TempDir
  Path root;

  @Test
  void aQueuedJobWaitsForItsQueueThenRunsOnProvisionedFlexStartNodesAndQueuesAgainAfterItsRunEnds() throws IOException {
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.of(root, List.of(NodePoolSpec.parse("v5e:2x4:flex-start:1:25s"))))) {
      var client = sandbox.client();
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("ml").endMetadata().build()).create();
      SegmentationTrainingJob job = client.getKubernetesSerialization()
          .unmarshal(Files.readString(EXAMPLE.resolve("job.yaml")), SegmentationTrainingJob.class);
      job.getSpec().training.steps = 600L;
      job.getSpec().training.evalIntervalSteps = 600L;
      job.getSpec().checkpoint.interval = "50steps";
      job.getSpec().checkpoint.storage = StorageSource.hostPath(root.resolve("checkpoints").toString());
      job.getSpec().dataset.source = StorageSource.hostPath(root.resolve("data").toString());
      job.getSpec().trainer = new TrainerSpec();
      job.getSpec().trainer.image = LocalImages.STANDIN_IMAGE;
      client.resource(job).create();

      SegmentationTrainingJob waiting = awaitJob(sandbox, Duration.ofSeconds(30), j -> scheduled(j) != null
          && "WaitingForKueueAdmission".equals(scheduled(j).getReason()));
      assertThat(scheduled(waiting).getMessage()).contains("queue tpu");
      sleep(Duration.ofSeconds(3));
      assertThat(pods(sandbox)).as("without its LocalQueue, the group stays at Kueue's gate").singleElement().satisfies(pod -> {
        assertThat(pod.getSpec().getNodeName()).isNull();
        assertThat(pod.getSpec().getSchedulingGates()).extracting(g -> g.getName()).containsExactly(GangNames.KUEUE_ADMISSION_GATE);
      });

      try (InputStream objects = Files.newInputStream(EXAMPLE.resolve("kueue-objects.yaml"))) {
        for (HasMetadata object : client.load(objects).items()) {
          client.resource(object).create();
        }
      }

      SegmentationTrainingJob done = awaitJob(sandbox, Duration.ofSeconds(180),
          j -> j.getStatus() != null && j.getStatus().phaseOrPending().finished());
      assertThat(done.getStatus().phase).isEqualTo(Phase.Succeeded);
      assertThat(done.getStatus().attempt).as("the flex-start run ended once, the job queued again").isGreaterThanOrEqualTo(2);
      assertThat(done.getStatus().preemptionsOrZero()).isGreaterThanOrEqualTo(1);
      Pod last = pods(sandbox).stream().filter(p -> "Succeeded".equals(p.getStatus().getPhase())).findFirst().orElseThrow();
      assertThat(last.getMetadata().getLabels()).containsEntry(GangNames.KUEUE_POD_GROUP_LABEL,
          GangNames.podGroupName(done, done.getStatus().attempt));
      assertThat(last.getMetadata().getAnnotations())
          .containsEntry("autoscaling.x-k8s.io/provisioning-class-name", "queued-provisioning.gke.io")
          .containsKey("autoscaling.x-k8s.io/consume-provisioning-request");
      assertThat(last.getSpec().getNodeName()).as("a node of the flex-start pool (taken back since, maybe)")
          .startsWith("gke-" + NodePoolSpec.parse("v5e:2x4:flex-start").name() + "-");
      assertThat(new SandboxJobs(sandbox).eventReasonsIn("ml", done.getMetadata().getName(), "Succeeded"))
          .filteredOn("WaitingForKueueAdmission"::equals).as("each attempt queued").hasSizeGreaterThanOrEqualTo(2);
    }
  }

  private static Condition scheduled(SegmentationTrainingJob job) {
    return job.getStatus() == null || job.getStatus().conditions == null ? null
        : job.getStatus().conditions.stream().filter(c -> "Scheduled".equals(c.getType())).findFirst().orElse(null);
  }

  private static List<Pod> pods(Sandbox sandbox) {
    return sandbox.client().pods().inNamespace("ml").withLabel(GangNames.JOB_LABEL, "deeplab-voc-flex-start").list().getItems();
  }

  private static SegmentationTrainingJob awaitJob(Sandbox sandbox, Duration timeout,
                                                  java.util.function.Predicate<SegmentationTrainingJob> condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    SegmentationTrainingJob job = null;
    while (System.nanoTime() < deadline) {
      job = sandbox.client().resources(SegmentationTrainingJob.class).inNamespace("ml").withName("deeplab-voc-flex-start").get();
      if (job != null && condition.test(job)) {
        return job;
      }
      sleep(Duration.ofMillis(200));
    }
    throw new AssertionError("job did not reach the expected state in " + timeout + "; last status: "
        + (job == null ? "gone" : sandbox.client().getKubernetesSerialization().asYaml(job.getStatus())));
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
