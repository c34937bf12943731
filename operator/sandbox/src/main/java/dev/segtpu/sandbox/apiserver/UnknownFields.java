package dev.segtpu.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsOrBool;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prunes the fields a CRD's structural schema does not declare, as kube-apiserver does before it stores
 * a custom resource. Without it the sandbox stored whatever a client sent, and the operator's informer,
 * whose Java classes know only the declared fields, failed on the object — something a real cluster never
 * hands it. Follows the API server's algorithm: {@code apiVersion}, {@code kind} and {@code metadata} of
 * the resource (and of embedded resources) are kept, keys of {@code additionalProperties} maps are kept,
 * and under {@code x-kubernetes-preserve-unknown-fields} only the declared fields are pruned.
 */
final class UnknownFields {

  private static final Set<String> TYPE_AND_OBJECT_META = Set.of("apiVersion", "kind", "metadata");

  private UnknownFields() {}

  /**
   * Removes the undeclared fields from {@code resource} in place and returns their paths
   * ({@code spec.model.extra}, {@code spec.items[0].extra}), sorted, as the API server reports them.
   */
  static List<String> prune(ObjectNode resource, JSONSchemaProps schema) {
    List<String> pruned = new ArrayList<>();
    pruneObject(resource, schema == null ? new JSONSchemaProps() : schema, "", true, pruned);
    pruned.sort(null);
    return pruned;
  }

  private static void prune(JsonNode value, JSONSchemaProps schema, String path, List<String> pruned) {
    if (value.isObject()) {
      boolean embedded = schema != null && Boolean.TRUE.equals(schema.getXKubernetesEmbeddedResource());
      pruneObject((ObjectNode) value, schema, path, embedded, pruned);
    } else if (value.isArray()) {
      JSONSchemaProps items = schema == null || schema.getItems() == null ? null : schema.getItems().getSchema();
      for (int i = 0; i < value.size(); i++) {
        prune(value.get(i), items, path + "[" + i + "]", pruned);
      }
    }
  }

  /** A null schema declares nothing: every key goes (the API server's rule for an undeclared subtree). */
  private static void pruneObject(ObjectNode object, JSONSchemaProps schema, String path, boolean resourceRoot,
      List<String> pruned) {
    boolean preserve = schema != null && Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields());
    Map<String, JSONSchemaProps> properties = schema == null || schema.getProperties() == null
        ? Map.of() : schema.getProperties();
    JSONSchemaPropsOrBool additional = schema == null ? null : schema.getAdditionalProperties();
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = field.getKey();
      String child = path.isEmpty() ? key : path + "." + key;
      if (resourceRoot && TYPE_AND_OBJECT_META.contains(key)) {
        continue;
      }
      if (properties.containsKey(key)) {
        prune(field.getValue(), properties.get(key), child, pruned);
      } else if (additional != null && (additional.getSchema() != null || Boolean.TRUE.equals(additional.getAllows()))) {
        prune(field.getValue(), additional.getSchema(), child, pruned);
      } else if (!preserve) {
        fields.remove();
        pruned.add(child);
      }
    }
  }
}
