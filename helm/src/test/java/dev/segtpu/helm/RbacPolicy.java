package dev.segtpu.helm;

import dev.segtpu.sandbox.apiserver.ResourceRequest;
import dev.segtpu.sandbox.apiserver.ResourceRequest.Permission;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules a chart grants one ServiceAccount, evaluated like Kubernetes' RBAC authorizer: rules of
 * ClusterRoles bound by ClusterRoleBindings apply everywhere; rules of Roles (or ClusterRoles) bound by a
 * RoleBinding apply in that binding's namespace only. Nothing is allowed unless a rule allows it, or
 * Kubernetes' default {@code system:basic-user} binding allows it to every authenticated user.
 */
public final class RbacPolicy {

  /** What the default ClusterRoleBinding system:basic-user grants every authenticated user (self reviews). */
  private static final Set<Permission> BASIC_USER = Set.of(
      new Permission("authorization.k8s.io", "selfsubjectrulesreviews", "create"),
      new Permission("authorization.k8s.io", "selfsubjectaccessreviews", "create"));

  /** A rule and where it applies ({@code null}: every namespace and cluster-scoped resources). */
  private record ScopedRule(String namespace, PolicyRule rule) {}

  private final List<ScopedRule> rules = new ArrayList<>();

  public RbacPolicy(RenderedChart chart, String serviceAccount, String serviceAccountNamespace) {
    for (ClusterRoleBinding binding : chart.all(ClusterRoleBinding.class)) {
      if (binds(binding.getSubjects(), serviceAccount, serviceAccountNamespace)) {
        roleRules(chart, binding.getRoleRef(), null).forEach(rule -> rules.add(new ScopedRule(null, rule)));
      }
    }
    for (RoleBinding binding : chart.all(RoleBinding.class)) {
      if (binds(binding.getSubjects(), serviceAccount, serviceAccountNamespace)) {
        String namespace = binding.getMetadata().getNamespace();
        roleRules(chart, binding.getRoleRef(), namespace).forEach(rule -> rules.add(new ScopedRule(namespace, rule)));
      }
    }
  }

  private static boolean binds(List<Subject> subjects, String serviceAccount, String namespace) {
    return subjects.stream().anyMatch(s -> "ServiceAccount".equals(s.getKind()) && serviceAccount.equals(s.getName())
        && namespace.equals(s.getNamespace()));
  }

  private static List<PolicyRule> roleRules(RenderedChart chart, RoleRef ref, String bindingNamespace) {
    if ("ClusterRole".equals(ref.getKind())) {
      return chart.named(ClusterRole.class, ref.getName()).getRules();
    }
    return chart.all(Role.class).stream()
        .filter(r -> r.getMetadata().getName().equals(ref.getName()) && r.getMetadata().getNamespace().equals(bindingNamespace))
        .findFirst().orElseThrow(() -> new AssertionError("RoleBinding in " + bindingNamespace + " refers to missing Role " + ref.getName()))
        .getRules();
  }

  public boolean allows(ResourceRequest request) {
    return BASIC_USER.contains(request.permission()) || rules.stream().anyMatch(scoped -> (scoped.namespace() == null || scoped.namespace().equals(request.namespace()))
        && matches(scoped.rule(), request));
  }

  private static boolean matches(PolicyRule rule, ResourceRequest request) {
    List<String> names = rule.getResourceNames();
    return rule.getApiGroups().contains(request.apiGroup())
        && rule.getResources().contains(request.resource())
        && rule.getVerbs().contains(request.verb())
        && (names == null || names.isEmpty() || names.contains(request.name()));
  }

  /** Every (group, resource, verb) some rule of the chart grants, wherever it applies. */
  public Set<Permission> permissions() {
    Set<Permission> granted = new TreeSet<>(Comparator.comparing(Permission::toString));
    for (ScopedRule scoped : rules) {
      PolicyRule rule = scoped.rule();
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            granted.add(new Permission(group, resource, verb));
          }
        }
      }
    }
    return granted;
  }
}
