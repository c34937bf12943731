package dev.segtpu.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Fabric8's CRUD store, telling the {@link WatchHub} about every change it makes. All of the store's writes
 * (create, replace, patch, delete, and the sandbox's own) end in {@link #processEvent}, so this is the one
 * place that sees them all, in order, under the store's write lock. A deletion gets a resourceVersion of its
 * own, as in etcd, so a watch can start after it.
 */
final class ChangeRecordingStore extends KubernetesCrudDispatcher {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final WatchHub hub;

  ChangeRecordingStore(WatchHub hub) {
    super(List.of());
    this.hub = hub;
  }

  @Override
  public long requestResourceVersion() {
    long version = super.requestResourceVersion();
    hub.observe(version);
    return version;
  }

  @Override
  public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
      GenericKubernetesResource resource, String newState) {
    String existing = oldAttributes == null ? null : map.get(oldAttributes);
    super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    if (Objects.equals(existing, newState) || (existing == null && newState == null)) {
      return;
    }
    ResourcePath.parse(path).ifPresent(target -> {
      JsonNode previous = parse(existing);
      if (newState == null) {
        long version = requestResourceVersion();
        ObjectNode last = previous.deepCopy();
        last.with("metadata").put("resourceVersion", String.valueOf(version));
        hub.record(target.resource(), version, null, last);
      } else {
        JsonNode object = parse(newState);
        hub.record(target.resource(), WatchHub.version(object), object, previous);
      }
    });
  }

  private static JsonNode parse(String json) {
    if (json == null) {
      return null;
    }
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("the store holds an object that is not JSON", e);
    }
  }
}
