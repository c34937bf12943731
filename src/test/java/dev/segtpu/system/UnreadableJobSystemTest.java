package dev.segtpu.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.segtpu.api.Phase;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.sandbox.Sandbox;
import dev.segtpu.sandbox.SandboxOptions;
import dev.segtpu.sandbox.nodepool.NodePoolSpec;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One object the operator cannot read never stops it, in the whole sandbox: a job whose output stride
 * overflows its Java type (as a hand-edited etcd object or a newer CRD version could hold; the sandbox's
 * admission would refuse it, so it goes straight into the store) is reported with Valid=False naming the
 * field and an InvalidSpec event, an operator restarted with it in the store starts, and a readable job
 * created beside it trains to the end.
 */
class UnreadableJobSystemTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JOBS = "/apis/segtpu.dev/v1alpha1/namespaces/default/segmentationtrainingjobs";

  @TempDir
  Path root;

  @Test
  void aJobTheOperatorCannotReadIsReportedAndAnotherJobSucceedsEvenAcrossAnOperatorRestart() throws Exception {
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.of(root, List.of(NodePoolSpec.parse("v5e:1x1:spot"))))) {
      SandboxJobs jobs = new SandboxJobs(sandbox);
      ObjectNode unreadable = (ObjectNode) JSON.readTree(Serialization.asJson(job("overflow")));
      unreadable.put("apiVersion", "segtpu.dev/v1alpha1").put("kind", "SegmentationTrainingJob");
      ((ObjectNode) unreadable.path("metadata")).put("namespace", "default");
      ((ObjectNode) unreadable.path("spec").path("model")).put("outputStride", 1_000_000_000_000_000L);
      sandbox.apiServer().storeUnchecked(JOBS + "/overflow", unreadable.toString());

      Condition valid = awaitCondition(sandbox, "overflow", "Valid");
      assertThat(valid.getStatus()).isEqualTo("False");
      assertThat(valid.getMessage()).contains("spec.model.outputStride").contains("1000000000000000");
      assertThat(jobs.eventReasons("overflow", "InvalidSpec")).contains("InvalidSpec");

      sandbox.restartOperator();
      jobs.create(job("readable"));

      SegmentationTrainingJob done = jobs.awaitFinished("readable", Duration.ofSeconds(120));
      assertThat(done.getStatus().phase).isEqualTo(Phase.Succeeded);
      assertThat(jobs.pods("overflow")).as("nothing launched for the unreadable job").isEmpty();
      assertThat(awaitCondition(sandbox, "overflow", "Valid").getStatus()).isEqualTo("False");
    }
  }

  /** The job's condition of {@code type}, read as untyped JSON (the typed client cannot read this job either). */
  @SuppressWarnings("unchecked")
  private static Condition awaitCondition(Sandbox sandbox, String name, String type) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      GenericKubernetesResource job = sandbox.client().genericKubernetesResources("segtpu.dev/v1alpha1", "SegmentationTrainingJob")
          .inNamespace("default").withName(name).get();
      Object status = job == null ? null : job.getAdditionalProperties().get("status");
      if (status instanceof Map<?, ?> map && map.get("conditions") instanceof List<?> conditions) {
        for (Object condition : conditions) {
          Condition c = JSON.convertValue(condition, Condition.class);
          if (type.equals(c.getType())) {
            return c;
          }
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("job " + name + " has no " + type + " condition within 60 s");
  }

  private SegmentationTrainingJob job(String name) {
    return SandboxJobs.quickStandIn(name, 40, root.resolve("checkpoints"));
  }
}
