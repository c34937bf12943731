package dev.segtpu.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * RFC 7386 JSON merge patches: applied, to see the object a PATCH would store, and computed, to hand
 * the CRUD store a write whose result is an object the sandbox has already pruned.
 */
final class MergePatch {

  private MergePatch() {}

  /** {@code target} with {@code patch} applied; neither is changed. */
  static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode result = target != null && target.isObject()
        ? ((ObjectNode) target).deepCopy() : JsonNodeFactory.instance.objectNode();
    Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getValue().isNull()) {
        result.remove(field.getKey());
      } else {
        result.set(field.getKey(), apply(result.get(field.getKey()), field.getValue()));
      }
    }
    return result;
  }

  /** The merge patch that turns {@code from} into {@code to}: {@code apply(from, diff(from, to))} equals {@code to}. */
  static ObjectNode diff(ObjectNode from, ObjectNode to) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    from.fieldNames().forEachRemaining(name -> {
      if (!to.has(name)) {
        patch.putNull(name);
      }
    });
    to.fields().forEachRemaining(field -> {
      JsonNode before = from.get(field.getKey());
      JsonNode after = field.getValue();
      if (before != null && before.isObject() && after.isObject()) {
        ObjectNode nested = diff((ObjectNode) before, (ObjectNode) after);
        if (!nested.isEmpty()) {
          patch.set(field.getKey(), nested);
        }
      } else if (!after.equals(before)) {
        patch.set(field.getKey(), after);
      }
    });
    return patch;
  }
}
