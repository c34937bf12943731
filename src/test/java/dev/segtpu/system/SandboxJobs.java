package dev.segtpu.system;

import dev.segtpu.api.Phase;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.StorageSource;
import dev.segtpu.api.TrainerSpec;
import dev.segtpu.sandbox.Sandbox;
import dev.segtpu.sandbox.kubelet.LocalImages;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Manifests from examples/ and waiting on jobs and pods in a running sandbox. */
final class SandboxJobs {

  static final Path REPO = Path.of("..", "..");

  private final Sandbox sandbox;

  SandboxJobs(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  static SegmentationTrainingJob example(String file) {
    try {
      return Serialization.unmarshal(Files.readString(REPO.resolve("examples").resolve(file)), SegmentationTrainingJob.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The quick synthetic example on the stand-in trainer: {@code steps} steps, checkpoints in a host folder. */
  static SegmentationTrainingJob quickStandIn(String name, long steps, Path checkpoints) {
    SegmentationTrainingJob job = example("quick-deeplab-synthetic.yaml");
    job.getMetadata().setName(name);
    job.getSpec().training.steps = steps;
    job.getSpec().checkpoint.storage = StorageSource.hostPath(checkpoints.toString());
    job.getSpec().trainer = new TrainerSpec();
    job.getSpec().trainer.image = LocalImages.STANDIN_IMAGE;
    return job;
  }

  SegmentationTrainingJob create(SegmentationTrainingJob job) {
    job.getMetadata().setNamespace("default");
    return sandbox.client().resource(job).create();
  }

  SegmentationTrainingJob get(String name) {
    return sandbox.client().resources(SegmentationTrainingJob.class).inNamespace("default").withName(name).get();
  }

  List<Pod> pods(String job) {
    return sandbox.client().pods().inNamespace("default").withLabel("segtpu.dev/job", job).list().getItems();
  }

  SegmentationTrainingJob awaitJob(String name, Duration timeout, Predicate<SegmentationTrainingJob> condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    SegmentationTrainingJob job = null;
    while (System.nanoTime() < deadline) {
      job = get(name);
      if (job != null && condition.test(job)) {
        return job;
      }
      sleep(200);
    }
    throw new AssertionError("job " + name + " did not reach the expected state in " + timeout + "; last status: "
        + (job == null ? "gone" : Serialization.asYaml(job.getStatus())));
  }

  /** A ConfigMap of the namespace default once it exists and meets {@code condition}. */
  ConfigMap awaitConfigMap(String name, Duration timeout, Predicate<ConfigMap> condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    ConfigMap map = null;
    while (System.nanoTime() < deadline) {
      map = sandbox.client().configMaps().inNamespace("default").withName(name).get();
      if (map != null && condition.test(map)) {
        return map;
      }
      sleep(200);
    }
    throw new AssertionError("ConfigMap " + name + " did not reach the expected state in " + timeout + "; last: "
        + (map == null ? "absent" : map.getData()));
  }

  SegmentationTrainingJob awaitFinished(String name, Duration timeout) {
    return awaitJob(name, timeout, j -> j.getStatus() != null && j.getStatus().phaseOrPending().finished());
  }

  /**
   * Reasons of the events about a job, matched by {@code involvedObject} name or UID, once {@code last} is
   * among them or after ten seconds: the operator records events after it writes the status, so a test
   * that saw the status may look before the event is stored.
   */
  List<String> eventReasons(String nameOrUid, String last) {
    return eventReasonsIn("default", nameOrUid, last);
  }

  /** {@link #eventReasons} of a job in {@code namespace}. */
  List<String> eventReasonsIn(String namespace, String nameOrUid, String last) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      List<String> reasons = new ArrayList<>();
      for (Event event : sandbox.client().v1().events().inNamespace(namespace).list().getItems()) {
        if (nameOrUid.equals(event.getInvolvedObject().getName()) || nameOrUid.equals(event.getInvolvedObject().getUid())) {
          reasons.add(event.getReason());
        }
      }
      if (reasons.contains(last) || System.nanoTime() > deadline) {
        return reasons;
      }
      sleep(200);
    }
  }

  static boolean inPhase(SegmentationTrainingJob job, Phase phase) {
    return job.getStatus() != null && job.getStatus().phase == phase;
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
