package dev.segtpu.sandbox.apiserver;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIVersions;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The discovery documents kubectl reads before anything else ({@code /api}, {@code /apis} and one
 * resource list per group version), built from the built-in resources and the CRDs stored so far.
 * Fabric8's mock server has none of them.
 */
final class Discovery {

  private final List<BuiltInResource> resources;

  private Discovery(List<BuiltInResource> resources) {
    this.resources = resources;
  }

  static Discovery of(List<CustomResourceDefinition> crds) {
    List<BuiltInResource> all = new ArrayList<>(BuiltInResource.ALL);
    for (CustomResourceDefinition crd : crds) {
      var names = crd.getSpec().getNames();
      for (var version : crd.getSpec().getVersions()) {
        all.add(new BuiltInResource(crd.getSpec().getGroup(), version.getName(), names.getPlural(), names.getSingular(),
            names.getKind(), "Namespaced".equals(crd.getSpec().getScope()),
            names.getShortNames() == null ? List.of() : names.getShortNames()));
      }
    }
    return new Discovery(all);
  }

  APIVersions coreVersions() {
    APIVersions versions = new APIVersions();
    versions.setVersions(List.of("v1"));
    return versions;
  }

  APIGroupList groups() {
    Map<String, List<String>> versionsByGroup = new LinkedHashMap<>();
    for (BuiltInResource resource : resources) {
      if (!resource.group().isEmpty()) {
        List<String> versions = versionsByGroup.computeIfAbsent(resource.group(), g -> new ArrayList<>());
        if (!versions.contains(resource.version())) {
          versions.add(resource.version());
        }
      }
    }
    List<APIGroup> groups = new ArrayList<>();
    versionsByGroup.forEach((group, versions) -> {
      List<GroupVersionForDiscovery> forDiscovery = versions.stream()
          .map(v -> new GroupVersionForDiscovery(group + "/" + v, v)).toList();
      groups.add(new APIGroupBuilder().withName(group).withVersions(forDiscovery)
          .withPreferredVersion(forDiscovery.get(0)).build());
    });
    APIGroupList list = new APIGroupList();
    list.setGroups(groups);
    return list;
  }

  /** The resource list of one group version ("v1" for the core group), if the server serves it. */
  Optional<APIResourceList> resources(String groupVersion) {
    List<APIResource> served = resources.stream()
        .filter(r -> r.groupVersion().equals(groupVersion))
        .map(r -> new APIResourceBuilder().withName(r.plural()).withSingularName(r.singular()).withKind(r.kind())
            .withNamespaced(r.namespaced()).withVerbs(BuiltInResource.VERBS).withShortNames(r.shortNames()).build())
        .toList();
    if (served.isEmpty()) {
      return Optional.empty();
    }
    List<APIResource> withSubresources = new ArrayList<>(served);
    served.stream().filter(r -> !r.getName().equals("events")).forEach(r -> withSubresources.add(new APIResourceBuilder()
        .withName(r.getName() + "/status").withKind(r.getKind()).withNamespaced(r.getNamespaced())
        .withVerbs("get", "patch", "update").build()));
    APIResourceList list = new APIResourceList();
    list.setGroupVersion(groupVersion);
    list.setResources(withSubresources);
    return Optional.of(list);
  }
}
