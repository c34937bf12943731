package dev.segtpu.sandbox.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodProcessTest {

  @TempDir
  Path sandbox;

  private final LocalImages images = new LocalImages("unused", List.of());

  private Pod pod(String script, Path checkpoints) {
    return new PodBuilder()
        .withNewMetadata().withName("job-w0").withNamespace("team-a").addToLabels("segtpu.dev/attempt", "3").endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("trainer").withImage("busybox:1.36").withCommand("sh", "-c", script)
        .addNewEnv().withName("SEGTPU_CHECKPOINT_DIR").withValue("/var/segtpu/checkpoints/job").endEnv()
        .addNewEnv().withName("SEGTPU_BIND_ADDRESS").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP")
        .endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
        .endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("ATTEMPT").withNewValueFrom().withNewFieldRef()
        .withFieldPath("metadata.labels['segtpu.dev/attempt']").endFieldRef().endValueFrom().endEnv()
        .addNewVolumeMount().withName("checkpoints").withMountPath("/var/segtpu/checkpoints").endVolumeMount()
        .addNewVolumeMount().withName("scratch").withMountPath("/tmp").endVolumeMount()
        .endContainer()
        .addNewVolume().withName("checkpoints").withNewHostPath().withPath(checkpoints.toString()).endHostPath().endVolume()
        .addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume()
        .endSpec()
        .build();
  }

  @Test
  void containerSeesItsEnvironmentWithVolumesMappedToHostFolders() throws Exception {
    Path checkpoints = sandbox.resolve("host-checkpoints");
    Pod pod = pod("mkdir -p $SEGTPU_CHECKPOINT_DIR && echo \"$POD_NAME $SEGTPU_BIND_ADDRESS $ATTEMPT\" > "
        + "$SEGTPU_CHECKPOINT_DIR/who", checkpoints);

    PodProcess process = PodProcess.start(pod, "127.0.3.7", sandbox, images);
    process.onExit().get(20, TimeUnit.SECONDS);

    assertThat(process.exitCode()).isZero();
    assertThat(Files.readString(checkpoints.resolve("job").resolve("who")).trim()).isEqualTo("job-w0 127.0.3.7 3");
    assertThat(process.logFile()).startsWith(sandbox);
  }

  @Test
  void stopSendsSigtermAndTheContainerMayExitCleanly() throws Exception {
    Pod pod = pod("trap 'exit 42' TERM; echo up; while true; do sleep 0.1; done", sandbox.resolve("c"));
    PodProcess process = PodProcess.start(pod, "127.0.3.8", sandbox, images);
    waitForLog(process, "up");

    assertThat(process.stop(Duration.ofSeconds(10))).isEqualTo(42);
  }

  @Test
  void containerIgnoringSigtermIsKilledWhenTheGracePeriodEnds() throws Exception {
    Pod pod = pod("trap '' TERM; echo up; while true; do sleep 0.1; done", sandbox.resolve("c"));
    PodProcess process = PodProcess.start(pod, "127.0.3.9", sandbox, images);
    waitForLog(process, "up");

    long started = System.nanoTime();
    int exit = process.stop(Duration.ofMillis(500));

    assertThat(exit).as("killed by SIGKILL").isEqualTo(128 + 9);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
  }

  @Test
  void onlyTheContainersOwnArgumentsAreMappedToHostFolders() {
    LocalImages local = new LocalImages("/tmp/build/classes", List.of());
    var container = new io.fabric8.kubernetes.api.model.ContainerBuilder()
        .withImage("segtpu-trainer").withArgs("--checkpoint-dir", "/tmp/ckpt").build();

    List<String> command = local.commandLine(container, path -> path.replace("/tmp", "/host/scratch"));

    assertThat(command).contains("/tmp/build/classes").endsWith("--checkpoint-dir", "/host/scratch/ckpt");
  }

  @Test
  void trainerImageRunsTheTrainerMainClassInAChildJvm() {
    LocalImages local = new LocalImages("/opt/classes", List.of("-Xmx1g"));
    var container = new io.fabric8.kubernetes.api.model.ContainerBuilder()
        .withImage("ghcr.io/segtpu/segtpu-trainer:0.1.0").withArgs("--log-every", "5").build();

    assertThat(local.commandLine(container)).endsWith("-Xmx1g", "-cp", "/opt/classes", LocalImages.TRAINER_MAIN,
        "--log-every", "5");
    assertThat(LocalImages.isTrainerImage("segtpu-trainer")).isTrue();
    assertThat(LocalImages.isTrainerImage("localhost:5000/segtpu-trainer@sha256:abc")).isTrue();
    assertThat(LocalImages.isTrainerImage("ghcr.io/other/segtpu-trainer-fork:1")).isFalse();
  }

  private static void waitForLog(PodProcess process, String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (Files.exists(process.logFile()) && Files.readString(process.logFile()).contains(text)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("container never printed '" + text + "'");
  }
}
