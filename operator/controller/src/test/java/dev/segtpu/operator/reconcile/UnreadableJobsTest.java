package dev.segtpu.operator.reconcile;

import static dev.segtpu.operator.testing.OperatorHarness.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.segtpu.api.Phase;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.operator.status.Conditions;
import dev.segtpu.operator.status.JobEvents;
import dev.segtpu.operator.testing.Jobs;
import dev.segtpu.operator.testing.OperatorHarness;
import dev.segtpu.operator.testing.PodStates;
import dev.segtpu.operator.testing.WithOperator;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import java.net.HttpURLConnection;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * One job the operator cannot read must not stop it for every other job. The mock API server stores
 * whatever it is given (it has no schema), which is what an object written under another CRD version,
 * or edited by hand, looks like to the operator.
 */
class UnreadableJobsTest extends WithOperator {

  /** Stores the job as raw JSON, after {@code edit} changes its tree: no schema, no Java types on the way in. */
  private void storeRaw(SegmentationTrainingJob job, Consumer<ObjectNode> edit) throws Exception {
    ObjectNode tree = (ObjectNode) cluster.client.getKubernetesSerialization().unmarshal(
        cluster.client.getKubernetesSerialization().asJson(job), JsonNode.class);
    edit.accept(tree);
    String path = "/apis/segtpu.dev/v1alpha1/namespaces/" + NAMESPACE + "/segmentationtrainingjobs";
    HttpURLConnection post = (HttpURLConnection) java.net.URI.create(cluster.server.url(path)).toURL().openConnection();
    post.setRequestMethod("POST");
    post.setDoOutput(true);
    post.setRequestProperty("Content-Type", "application/json");
    post.getOutputStream().write(tree.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(post.getResponseCode()).isBetween(200, 201);
  }

  private void runToSuccess(String name) {
    cluster.awaitGang(name, 1, 1);
    cluster.setPod(name + "-a1-w0", PodStates.running("node-1", "10.0.0.1"));
    cluster.awaitPhase(name, Phase.Running);
    cluster.setPod(name + "-a1-w0", PodStates.exited(0, "Completed"));
    cluster.awaitPhase(name, Phase.Succeeded);
  }

  private Condition valid(String name) {
    await().atMost(OperatorHarness.WAIT).until(() -> {
      var status = cluster.client.genericKubernetesResources("segtpu.dev/v1alpha1", "SegmentationTrainingJob")
          .inNamespace(NAMESPACE).withName(name).get().getAdditionalProperties().get("status");
      return status != null && status.toString().contains(Conditions.VALID);
    });
    return cluster.job(name).getStatus().conditions.stream().filter(c -> c.getType().equals(Conditions.VALID)).findFirst()
        .orElseThrow();
  }

  @Test
  void aJobWhoseNumberOverflowsItsJavaTypeIsReportedAndEveryOtherJobRunsToSuccess() throws Exception {
    storeRaw(Jobs.job("overflow", NAMESPACE),
        tree -> ((ObjectNode) tree.path("spec").path("model")).put("outputStride", 1_000_000_000_000_000L));
    cluster.create(Jobs.job("healthy", NAMESPACE));

    runToSuccess("healthy");

    Condition valid = valid("overflow");
    assertThat(valid.getStatus()).isEqualTo("False");
    assertThat(valid.getMessage()).contains("spec.model.outputStride").contains("1000000000000000");
    assertThat(cluster.eventReasons("overflow")).contains(JobEvents.INVALID_SPEC);
    assertThat(cluster.pods("overflow")).isEmpty();
    assertThat(cluster.client.getKubernetesSerialization().asJson(cluster.job("overflow").getSpec()))
        .as("the stored spec is kept as written").contains("1000000000000000");
  }

  @Test
  void anOperatorRestartedWithAnUnreadableJobInTheStoreStartsAndRunsTheOthers() throws Exception {
    storeRaw(Jobs.job("overflow", NAMESPACE), tree -> ((ObjectNode) tree.path("spec").path("training")).put("batchSize", 1e20));
    valid("overflow");

    cluster.restartOperator();
    cluster.create(Jobs.job("after-restart", NAMESPACE));

    runToSuccess("after-restart");
    assertThat(valid("overflow").getMessage()).contains("spec.training.batchSize");
  }

  @Test
  void unknownFieldsAtAnyDepthAreIgnoredWithAWarningAndTheJobRuns() throws Exception {
    storeRaw(Jobs.job("newer", NAMESPACE), tree -> {
      ((ObjectNode) tree.path("spec")).putObject("unexpectedField").putObject("a").putArray("b").addObject().put("c", 1);
      ((ObjectNode) tree.path("spec").path("tpu")).put("futureKnob", true);
    });

    runToSuccess("newer");

    Condition valid = valid("newer");
    assertThat(valid.getStatus()).isEqualTo("True");
    assertThat(valid.getReason()).isEqualTo("UnknownFieldsIgnored");
    assertThat(valid.getMessage()).contains("spec.unexpectedField").contains("spec.tpu.futureKnob");
    assertThat(cluster.events("newer")).extracting(Event::getReason).containsOnlyOnce(JobEvents.UNKNOWN_FIELDS);
  }

  @Test
  void aStatusTheOperatorCannotReadIsLeftAloneAndReported() throws Exception {
    cluster.create(Jobs.job("edited", NAMESPACE));
    cluster.awaitGang("edited", 1, 1);
    cluster.awaitPhase("edited", Phase.Scheduling);
    var current = cluster.client.genericKubernetesResources("segtpu.dev/v1alpha1", "SegmentationTrainingJob")
        .inNamespace(NAMESPACE).withName("edited").get();
    @SuppressWarnings("unchecked")
    var status = (java.util.Map<String, Object>) current.getAdditionalProperties().get("status");
    status.put("attempt", 99_999_999_999_999L);
    cluster.client.genericKubernetesResources("segtpu.dev/v1alpha1", "SegmentationTrainingJob")
        .inNamespace(NAMESPACE).resource(current).updateStatus();
    cluster.create(Jobs.job("neighbour", NAMESPACE));
    // Status-only changes do not trigger a reconciliation (JOSDK filters by generation); its pod starting does.
    cluster.setPod("edited-a1-w0", PodStates.running("node-2", "10.0.0.2"));

    runToSuccess("neighbour");

    await().atMost(OperatorHarness.WAIT).until(() -> cluster.eventReasons("edited").contains(JobEvents.UNREADABLE_STATUS));
    assertThat(cluster.events("edited")).filteredOn(e -> e.getReason().equals(JobEvents.UNREADABLE_STATUS))
        .first().satisfies(e -> assertThat(e.getMessage()).contains("status.attempt").contains("--subresource=status"));
    assertThat(cluster.client.genericKubernetesResources("segtpu.dev/v1alpha1", "SegmentationTrainingJob")
        .inNamespace(NAMESPACE).withName("edited").get().getAdditionalProperties().get("status").toString())
        .as("the operator did not overwrite the status").contains("99999999999999");
  }
}
