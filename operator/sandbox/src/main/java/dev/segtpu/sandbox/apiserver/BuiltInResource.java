package dev.segtpu.sandbox.apiserver;

import java.util.List;

/** A Kubernetes resource type the sandbox API server stores and announces in discovery. */
record BuiltInResource(String group, String version, String plural, String singular, String kind,
                       boolean namespaced, List<String> shortNames) {

  static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  /** What the operator, the sandbox, kubectl and the Helm chart's objects use. */
  static final List<BuiltInResource> ALL = List.of(
      core("pods", "pod", "Pod", true, "po"),
      core("services", "service", "Service", true, "svc"),
      core("events", "event", "Event", true, "ev"),
      core("nodes", "node", "Node", false, "no"),
      core("namespaces", "namespace", "Namespace", false, "ns"),
      core("configmaps", "configmap", "ConfigMap", true, "cm"),
      core("serviceaccounts", "serviceaccount", "ServiceAccount", true, "sa"),
      core("persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true, "pvc"),
      new BuiltInResource("apps", "v1", "deployments", "deployment", "Deployment", true, List.of("deploy")),
      new BuiltInResource("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, List.of()),
      new BuiltInResource("events.k8s.io", "v1", "events", "event", "Event", true, List.of("ev")),
      new BuiltInResource("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition",
          "CustomResourceDefinition", false, List.of("crd", "crds")),
      new BuiltInResource("rbac.authorization.k8s.io", "v1", "roles", "role", "Role", true, List.of()),
      new BuiltInResource("rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", true, List.of()),
      new BuiltInResource("rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole", false, List.of()),
      new BuiltInResource("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding",
          "ClusterRoleBinding", false, List.of()),
      new BuiltInResource("networking.k8s.io", "v1", "networkpolicies", "networkpolicy", "NetworkPolicy", true,
          List.of("netpol")));

  private static BuiltInResource core(String plural, String singular, String kind, boolean namespaced, String shortName) {
    return new BuiltInResource("", "v1", plural, singular, kind, namespaced, List.of(shortName));
  }

  String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }
}
