package dev.segtpu.sandbox.apiserver;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatusBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingList;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingList;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Answers {@code SelfSubjectRulesReview} (Java Operator SDK asks one before leader election, to check its
 * Lease access) from the RBAC objects stored in the sandbox. The sandbox has no authentication, so the
 * answer is every rule that any stored ClusterRoleBinding, or RoleBinding of the asked namespace, grants:
 * with a Helm chart's RBAC installed, exactly what the chart grants its operator.
 */
final class RulesReview {

  static final String PATH = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";
  private static final String RBAC = "/apis/rbac.authorization.k8s.io/v1/";

  private RulesReview() {}

  static MockResponse answer(RecordedRequest request, KubernetesCrudDispatcher crud) {
    SelfSubjectRulesReview review = Serialization.unmarshal(request.getBody().readUtf8(), SelfSubjectRulesReview.class);
    String namespace = review.getSpec() == null ? null : review.getSpec().getNamespace();
    List<PolicyRule> rules = new ArrayList<>();
    ClusterRoleBindingList clusterBindings = stored(crud, RBAC + "clusterrolebindings", ClusterRoleBindingList.class);
    for (ClusterRoleBinding binding : clusterBindings == null ? List.<ClusterRoleBinding>of() : clusterBindings.getItems()) {
      rules.addAll(rulesOf(crud, binding.getRoleRef(), null));
    }
    RoleBindingList bindings = namespace == null || namespace.isEmpty() ? null
        : stored(crud, RBAC + "namespaces/" + namespace + "/rolebindings", RoleBindingList.class);
    for (RoleBinding binding : bindings == null ? List.<RoleBinding>of() : bindings.getItems()) {
      rules.addAll(rulesOf(crud, binding.getRoleRef(), namespace));
    }
    review.setStatus(new SubjectRulesReviewStatusBuilder()
        .withIncomplete(false)
        .withNonResourceRules(List.of())
        .withResourceRules(rules.stream().map(rule -> new ResourceRuleBuilder()
            .withApiGroups(orEmpty(rule.getApiGroups()))
            .withResources(orEmpty(rule.getResources()))
            .withResourceNames(orEmpty(rule.getResourceNames()))
            .withVerbs(orEmpty(rule.getVerbs()))
            .build()).toList())
        .build());
    return new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json")
        .setBody(Serialization.asJson(review));
  }

  private static List<PolicyRule> rulesOf(KubernetesCrudDispatcher crud, RoleRef ref, String namespace) {
    Object role = "ClusterRole".equals(ref.getKind())
        ? stored(crud, RBAC + "clusterroles/" + ref.getName(), ClusterRole.class)
        : stored(crud, RBAC + "namespaces/" + namespace + "/roles/" + ref.getName(), Role.class);
    if (role instanceof ClusterRole clusterRole) {
      return orEmpty(clusterRole.getRules());
    }
    return role instanceof Role namespaced ? orEmpty(namespaced.getRules()) : List.of();
  }

  /** The stored object at {@code path}, or null when there is none. */
  private static <T> T stored(KubernetesCrudDispatcher crud, String path, Class<T> type) {
    MockResponse response = crud.handleGet(path);
    if (response.code() != 200) {
      return null;
    }
    return Serialization.unmarshal(response.getBody().readUtf8(), type);
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list.stream().filter(Objects::nonNull).toList();
  }
}
