package dev.segtpu.sandbox.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.TpuGeneration;
import dev.segtpu.contract.TrainerContract;
import dev.segtpu.operator.testing.Jobs;
import dev.segtpu.operator.workload.AttemptPlan;
import dev.segtpu.operator.workload.WorkerPodFactory;
import dev.segtpu.operator.workload.WorkloadDefaults;
import dev.segtpu.tpu.TpuCatalog;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stand-in checks the worker environment the operator writes, so a sandbox job whose ids, slices or
 * host names disagree fails (exit 2) instead of passing unnoticed.
 */
class StandInWorkerEnvironmentTest {

  @TempDir
  Path checkpoints;

  /** Every worker's environment as the operator writes it for a job of two 4-host v5e 4x4 slices. */
  List<Map<String, String>> twoSlicesOfFourHosts() {
    SegmentationTrainingJob job = Jobs.job("ms", "ml", TpuGeneration.V5E, "4x4", Provisioning.SPOT);
    job.getMetadata().setUid("0b5c6a3e-1111-2222-3333-444455556666");
    job.getSpec().tpu.slices = 2;
    AttemptPlan plan = new AttemptPlan(job, job.getSpec(), TpuCatalog.load().requireSlice(TpuGeneration.V5E, "4x4"), 1,
        Provisioning.SPOT, "10steps");
    return new WorkerPodFactory(WorkloadDefaults.defaults()).gang(plan).stream().map(this::environment).toList();
  }

  private Map<String, String> environment(Pod pod) {
    Map<String, String> env = new HashMap<>();
    for (EnvVar var : pod.getSpec().getContainers().get(0).getEnv()) {
      env.put(var.getName(), var.getValue() == null ? "10.0.0.1" : var.getValue());
    }
    env.put(TrainerContract.CHECKPOINT_DIR, checkpoints.toString());
    return env;
  }

  @Test
  void everyWorkerOfEverySliceAcceptsTheEnvironmentTheOperatorWrites() {
    List<Map<String, String>> workers = twoSlicesOfFourHosts();

    assertThat(workers).hasSize(8);
    for (Map<String, String> env : workers) {
      assertThatCode(() -> new StandInTrainer(env).checkWorkerEnvironment()).as("worker %s", env.get(TrainerContract.WORKER_ID))
          .doesNotThrowAnyException();
    }
  }

  @Test
  void aWorkerThatNamesTheWrongSliceOrTheOtherSlicesHostsIsRefused() {
    Map<String, String> wrongSlice = new HashMap<>(twoSlicesOfFourHosts().get(5));
    wrongSlice.put(TrainerContract.MEGASCALE_SLICE_ID, "0");
    Map<String, String> otherHosts = new HashMap<>(twoSlicesOfFourHosts().get(5));
    otherHosts.put(TrainerContract.TPU_WORKER_HOSTNAMES, twoSlicesOfFourHosts().get(0).get(TrainerContract.TPU_WORKER_HOSTNAMES));

    assertThatThrownBy(() -> new StandInTrainer(wrongSlice).checkWorkerEnvironment())
        .hasMessageContaining("MEGASCALE_SLICE_ID is 0, expected 1");
    assertThatThrownBy(() -> new StandInTrainer(otherHosts).checkWorkerEnvironment())
        .hasMessageContaining("are not the hosts of slice 1");
  }
}
