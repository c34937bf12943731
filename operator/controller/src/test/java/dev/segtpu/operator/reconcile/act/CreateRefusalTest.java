package dev.segtpu.operator.reconcile.act;

import static dev.segtpu.operator.testing.OperatorHarness.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.segtpu.api.Phase;
import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.TpuGeneration;
import dev.segtpu.operator.status.Conditions;
import dev.segtpu.operator.testing.Jobs;
import dev.segtpu.operator.testing.OperatorHarness;
import dev.segtpu.operator.testing.WithOperator;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import org.junit.jupiter.api.Test;

/**
 * The API server may refuse a worker pod for as long as the cluster stays as it is (Pod Security
 * Admission, a ResourceQuota, validation). The job says so, with the API server's words, and keeps
 * trying with backoff; once the cause is gone the gang is created and the condition clears.
 */
class CreateRefusalTest extends WithOperator {

  private static Status refusal(int code, String reason, String message) {
    return new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason).withMessage(message).build();
  }

  private Condition workersCreated(String job) {
    SegmentationTrainingJob current = cluster.job(job);
    return current.getStatus() == null ? null : Conditions.find(current.getStatus().conditions, CreateRefusals.CONDITION).orElse(null);
  }

  @Test
  void aPodForbiddenByAdmissionIsReportedWithTheApiServersMessageAndCreatedOnceAllowed() {
    String message = "pods \"forbidden-a1-w0\" is forbidden: violates PodSecurity \"restricted:latest\": hostPath volumes";
    cluster.server.expect().post().withPath("/api/v1/namespaces/" + NAMESPACE + "/pods")
        .andReturn(403, refusal(403, "Forbidden", message)).times(2);  // retried after 2 s, then 4 s

    cluster.create(Jobs.job("forbidden", NAMESPACE));

    await().atMost(OperatorHarness.WAIT).until(() -> workersCreated("forbidden") != null);
    Condition refused = workersCreated("forbidden");
    assertThat(refused.getStatus()).isEqualTo("False");
    assertThat(refused.getReason()).isEqualTo(CreateRefusals.EVENT);
    assertThat(refused.getMessage()).contains("HTTP 403").contains("violates PodSecurity");
    assertThat(cluster.events("forbidden")).filteredOn(e -> e.getReason().equals(CreateRefusals.EVENT))
        .first().extracting(Event::getType).isEqualTo("Warning");

    cluster.awaitGang("forbidden", 1, 1);
    await().atMost(OperatorHarness.WAIT).until(() -> "True".equals(workersCreated("forbidden").getStatus()));
    SegmentationTrainingJob created = cluster.job("forbidden");
    assertThat(created.getStatus().attempt).as("refusals do not use up attempts").isEqualTo(1);
    assertThat(created.getStatus().phase).isEqualTo(Phase.Scheduling);
    assertThat(created.getStatus().failuresOrZero()).isZero();
  }

  @Test
  void anInvalidServiceIsReportedAndRetriedWithoutLaunchingHalfAGang() {
    cluster.server.expect().post().withPath("/api/v1/namespaces/" + NAMESPACE + "/services")
        .andReturn(422, refusal(422, "Invalid", "Service \"pair\" is invalid: spec.clusterIP: Invalid value")).times(2);

    cluster.create(Jobs.job("pair", NAMESPACE, TpuGeneration.V5P, "2x2x2", Provisioning.SPOT));

    await().atMost(OperatorHarness.WAIT).until(() -> workersCreated("pair") != null);
    assertThat(workersCreated("pair").getMessage()).contains("service").contains("HTTP 422").contains("spec.clusterIP");
    assertThat(cluster.pods("pair")).as("no worker before its Service exists").isEmpty();

    assertThat(cluster.events("pair")).filteredOn(e -> e.getReason().equals(CreateRefusals.EVENT)).first()
        .satisfies(e -> {
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getMessage()).contains("service").contains("HTTP 422")
              .contains("Service \"pair\" is invalid: spec.clusterIP: Invalid value");
        });

    cluster.awaitGang("pair", 1, 2);
    assertThat(cluster.job("pair").getStatus().attempt).isEqualTo(1);
  }
}
