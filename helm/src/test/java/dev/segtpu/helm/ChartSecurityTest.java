package dev.segtpu.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.operator.calibration.ThroughputRecorder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What a platform team's admission policies check, on every values combination's rendered output. */
class ChartSecurityTest {

  @TempDir
  Path work;

  static List<ChartValues> combinations() {
    return ChartValues.combinations();
  }

  private static List<PolicyRule> rules(RenderedChart chart) {
    return Stream.concat(chart.all(ClusterRole.class).stream().flatMap(r -> r.getRules().stream()),
        chart.all(Role.class).stream().flatMap(r -> r.getRules().stream())).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("combinations")
  void rbacHasNoWildcardsAndNoAccessToSecrets(ChartValues values) {
    List<PolicyRule> rules = rules(SegtpuChart.with(values, work).render());

    assertThat(rules).isNotEmpty().allSatisfy(rule -> {
      assertThat(rule.getVerbs()).isNotEmpty().doesNotContain("*");
      assertThat(rule.getResources()).isNotEmpty().noneMatch(r -> r.contains("*"));
      assertThat(rule.getApiGroups()).isNotEmpty().doesNotContain("*");
      assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
      assertThat(rule.getResources()).doesNotContain("secrets", "serviceaccounts/token");
      if (rule.getResources().contains("configmaps")) {
        // only the measured-throughput ConfigMap, read and updated by name (never created, listed or watched)
        assertThat(rule.getResources()).containsExactly("configmaps");
        assertThat(rule.getResourceNames()).containsExactly(ThroughputRecorder.NAME);
        assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "update");
      }
      assertThat(rule.getVerbs()).doesNotContain("escalate", "bind", "impersonate", "deletecollection");
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("combinations")
  void operatorPodMeetsThePodSecurityRestrictedProfile(ChartValues values) {
    Deployment deployment = SegtpuChart.with(values, work).render().deployment();
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    PodSecurityContext podContext = pod.getSecurityContext();

    assertThat(podContext.getRunAsNonRoot()).isTrue();
    assertThat(podContext.getRunAsUser()).isPositive();
    assertThat(podContext.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostIPC()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getVolumes()).allSatisfy(volume -> assertThat(volume.getHostPath()).isNull());
    assertThat(Stream.concat(pod.getContainers().stream(), pod.getInitContainers().stream()).toList())
        .isNotEmpty().allSatisfy(ChartSecurityTest::restricted);
  }

  private static void restricted(Container container) {
    SecurityContext context = container.getSecurityContext();
    assertThat(context.getRunAsNonRoot()).isTrue();
    assertThat(context.getReadOnlyRootFilesystem()).isTrue();
    assertThat(context.getAllowPrivilegeEscalation()).isFalse();
    assertThat(context.getPrivileged()).isNotEqualTo(Boolean.TRUE);
    assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(context.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(context.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(container.getResources().getLimits()).containsKey("memory");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
  }
}
