package dev.segtpu.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.sandbox.apiserver.RequestLog.ApiCall;
import org.junit.jupiter.api.Test;

/** API paths map to the RBAC request the Kubernetes authorizer would check. */
class ResourceRequestTest {

  private static ResourceRequest request(String method, String path, String query) {
    return ResourceRequest.of(new ApiCall(method, path, "segtpu-operator", query)).orElseThrow();
  }

  @Test
  void watchAcrossAllNamespacesIsAClusterWideWatch() {
    assertThat(request("GET", "/api/v1/pods", "labelSelector=a%3Db&watch=true&allowWatchBookmarks=true"))
        .isEqualTo(new ResourceRequest("watch", "", "pods", "", ""));
  }

  @Test
  void collectionGetIsListAndNamedGetIsGet() {
    assertThat(request("GET", "/apis/segtpu.dev/v1alpha1/namespaces/team-a/segmentationtrainingjobs", "").verb())
        .isEqualTo("list");
    assertThat(request("GET", "/apis/coordination.k8s.io/v1/namespaces/segtpu-system/leases/segtpu-operator", ""))
        .isEqualTo(new ResourceRequest("get", "coordination.k8s.io", "leases", "segtpu-system", "segtpu-operator"));
  }

  @Test
  void statusWritesAreOnTheStatusSubresource() {
    assertThat(request("PUT", "/apis/segtpu.dev/v1alpha1/namespaces/default/segmentationtrainingjobs/j/status", ""))
        .isEqualTo(new ResourceRequest("update", "segtpu.dev", "segmentationtrainingjobs/status", "default", "j"));
  }

  @Test
  void createIsOnTheCollectionAndDeleteOfACollectionIsDeletecollection() {
    assertThat(request("POST", "/api/v1/namespaces/default/pods", "").verb()).isEqualTo("create");
    assertThat(request("DELETE", "/api/v1/namespaces/default/pods", "").verb()).isEqualTo("deletecollection");
    assertThat(request("DELETE", "/api/v1/namespaces/default/pods/p", "").verb()).isEqualTo("delete");
  }

  @Test
  void aNamespaceItselfIsAClusterScopedResource() {
    assertThat(request("GET", "/api/v1/namespaces/default", ""))
        .isEqualTo(new ResourceRequest("get", "", "namespaces", "", "default"));
  }

  @Test
  void discoveryIsNotAResourceRequest() {
    for (String path : new String[] {"/api", "/api/v1", "/apis", "/apis/segtpu.dev/v1alpha1", "/version"}) {
      assertThat(ResourceRequest.of(new ApiCall("GET", path, "x", ""))).as(path).isEmpty();
    }
  }
}
