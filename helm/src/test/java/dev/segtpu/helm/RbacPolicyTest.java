package dev.segtpu.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.sandbox.apiserver.ResourceRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chart's rules evaluated like the RBAC authorizer does, for the operator's ServiceAccount. */
class RbacPolicyTest {

  @TempDir
  Path work;

  private RbacPolicy policy(ChartValues values) {
    return new RbacPolicy(SegtpuChart.with(values, work).render(), "segtpu-operator", SegtpuChart.NAMESPACE);
  }

  @Test
  void watchingOneNamespaceGrantsNothingInAnother() {
    RbacPolicy policy = policy(ChartValues.singleNamespace());

    assertThat(policy.allows(new ResourceRequest("create", "", "pods", "team-a", ""))).isTrue();
    assertThat(policy.allows(new ResourceRequest("create", "", "pods", "team-b", ""))).isFalse();
    assertThat(policy.allows(new ResourceRequest("watch", "", "pods", "", ""))).as("across all namespaces").isFalse();
    assertThat(policy.allows(new ResourceRequest("watch", "", "nodes", "", ""))).isTrue();
  }

  @Test
  void leaseAccessIsLimitedToTheOperatorsOwnLease() {
    RbacPolicy policy = policy(ChartValues.highAvailability());

    assertThat(policy.allows(new ResourceRequest("patch", "coordination.k8s.io", "leases", "segtpu-system", "segtpu-operator"))).isTrue();
    assertThat(policy.allows(new ResourceRequest("patch", "coordination.k8s.io", "leases", "segtpu-system", "kube-scheduler"))).isFalse();
    assertThat(policy.allows(new ResourceRequest("create", "coordination.k8s.io", "leases", "segtpu-system", ""))).isTrue();
    assertThat(policy.allows(new ResourceRequest("create", "coordination.k8s.io", "leases", "default", ""))).isFalse();
  }

  @Test
  void oneReplicaHasNoLeaseAccessAndNoSecretsAnywhere() {
    RbacPolicy policy = policy(ChartValues.defaults());

    assertThat(policy.allows(new ResourceRequest("get", "coordination.k8s.io", "leases", "segtpu-system", "segtpu-operator"))).isFalse();
    assertThat(policy.allows(new ResourceRequest("get", "", "secrets", "default", "x"))).isFalse();
    assertThat(policy.allows(new ResourceRequest("watch", "", "pods", "", ""))).isTrue();
  }

  @Test
  void everyAuthenticatedUserMayReviewItsOwnRules() {
    assertThat(policy(ChartValues.defaults())
        .allows(new ResourceRequest("create", "authorization.k8s.io", "selfsubjectrulesreviews", "", ""))).isTrue();
  }
}
