package dev.segtpu.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OpenAPI v3 documents kube-apiserver publishes ({@code /openapi/v3} and one per group version), built
 * from the built-in resources and the stored CRDs. kubectl needs them twice: {@code apply} and {@code create}
 * read the PATCH operation's {@code fieldValidation} parameter to know the server validates fields itself
 * (so {@code --validate=strict}, the default, works), and {@code explain} reads the schemas.
 *
 * <p>Custom resources get their CRD's schema, as kube-apiserver publishes it (metadata referring to ObjectMeta,
 * {@code x-kubernetes-group-version-kind}). Built-in kinds get a minimal honest subset: apiVersion, kind and
 * metadata described, every other field left open ({@code x-kubernetes-preserve-unknown-fields}), because the
 * sandbox neither has their full schemas nor validates their fields.
 */
final class OpenApiV3 {

  static final String PREFIX = "/openapi/v3";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

  /** One resource as the documents describe it, with the schema of its kind. */
  private record Described(BuiltInResource resource, ObjectNode schema) {}

  private final Map<String, List<Described>> byGroupVersion = new LinkedHashMap<>();

  private OpenApiV3(List<CustomResourceDefinition> crds) {
    BuiltInResource.ALL.forEach(r -> add(r, openSchema(r)));
    for (CustomResourceDefinition crd : crds) {
      var names = crd.getSpec().getNames();
      for (var version : crd.getSpec().getVersions()) {
        if (Boolean.FALSE.equals(version.getServed())) {
          continue;
        }
        BuiltInResource resource = new BuiltInResource(crd.getSpec().getGroup(), version.getName(), names.getPlural(),
            names.getSingular(), names.getKind(), "Namespaced".equals(crd.getSpec().getScope()), List.of());
        ObjectNode schema = version.getSchema() == null || version.getSchema().getOpenAPIV3Schema() == null
            ? JSON.createObjectNode().put("type", "object").put("x-kubernetes-preserve-unknown-fields", true)
            : (ObjectNode) JSON.valueToTree(Serialization.jsonMapper().convertValue(
                version.getSchema().getOpenAPIV3Schema(), Map.class));
        add(resource, customResourceSchema(schema));
      }
    }
  }

  static OpenApiV3 of(List<CustomResourceDefinition> crds) {
    return new OpenApiV3(crds);
  }

  private void add(BuiltInResource resource, ObjectNode schema) {
    schema.putArray("x-kubernetes-group-version-kind").add(gvk(resource, resource.kind()));
    byGroupVersion.computeIfAbsent(resource.groupVersion(), gv -> new ArrayList<>()).add(new Described(resource, schema));
  }

  /** {@code /openapi/v3}: where each group version's document is, with a hash of it as kube-apiserver gives. */
  String index() {
    ObjectNode index = JSON.createObjectNode();
    ObjectNode paths = index.putObject("paths");
    byGroupVersion.keySet().forEach(gv -> {
      String key = urlPath(gv);
      paths.putObject(key).put("serverRelativeURL", PREFIX + "/" + key + "?hash=" + hash(document(key).orElseThrow()));
    });
    return index.toString();
  }

  /** The document of {@code api/v1} or {@code apis/group/version}, if the server serves it. */
  Optional<String> document(String urlPath) {
    String gv = urlPath.startsWith("apis/") ? urlPath.substring("apis/".length())
        : urlPath.equals("api/v1") ? "v1" : "";
    List<Described> described = byGroupVersion.get(gv);
    if (described == null) {
      return Optional.empty();
    }
    ObjectNode document = JSON.createObjectNode();
    document.put("openapi", "3.0.0");
    document.putObject("info").put("title", "Kubernetes").put("version", "v1.32.0");
    ObjectNode paths = document.putObject("paths");
    ObjectNode schemas = document.putObject("components").putObject("schemas");
    metaSchemas(schemas);
    for (Described d : described) {
      BuiltInResource r = d.resource();
      String name = schemaName(r, r.kind());
      schemas.set(name, d.schema());
      schemas.set(schemaName(r, r.kind() + "List"), listSchema(r, name));
      String base = "/" + urlPath(r.groupVersion()) + (r.namespaced() ? "/namespaces/{namespace}/" : "/") + r.plural();
      ObjectNode collection = paths.putObject(base);
      collection.set("get", operation(r, "list", r.kind() + "List", List.of()));
      collection.set("post", operation(r, "post", r.kind(), List.of("dryRun", "fieldManager", "fieldValidation")));
      ObjectNode object = paths.putObject(base + "/{name}");
      object.set("get", operation(r, "get", r.kind(), List.of()));
      object.set("put", operation(r, "put", r.kind(), List.of("dryRun", "fieldManager", "fieldValidation")));
      object.set("patch", operation(r, "patch", r.kind(), List.of("dryRun", "fieldManager", "fieldValidation", "force")));
      object.set("delete", operation(r, "delete", "Status", List.of("dryRun", "gracePeriodSeconds", "propagationPolicy")));
    }
    return Optional.of(document.toString());
  }

  private static ObjectNode operation(BuiltInResource r, String action, String returned, List<String> query) {
    ObjectNode operation = JSON.createObjectNode();
    operation.put("operationId", action + r.kind());
    ArrayNode parameters = operation.putArray("parameters");
    query.forEach(q -> parameters.addObject().put("name", q).put("in", "query").put("uniqueItems", true)
        .putObject("schema").put("type", q.equals("force") ? "boolean" : q.equals("gracePeriodSeconds") ? "integer" : "string"));
    String ref = "#/components/schemas/" + (returned.equals("Status") ? META + "Status" : schemaName(r, returned));
    operation.putObject("responses").putObject("200").put("description", "OK").putObject("content")
        .putObject("application/json").putObject("schema").put("$ref", ref);
    operation.put("x-kubernetes-action", action);
    operation.set("x-kubernetes-group-version-kind", gvk(r, r.kind()));
    return operation;
  }

  /** A CRD's schema as kube-apiserver publishes it: apiVersion, kind and metadata described by the API server. */
  private static ObjectNode customResourceSchema(ObjectNode schema) {
    ObjectNode properties = schema.with("properties");
    properties.putObject("apiVersion").put("type", "string").put("description", "APIVersion defines the versioned schema "
        + "of this representation of an object.");
    properties.putObject("kind").put("type", "string").put("description", "Kind is a string value representing the "
        + "REST resource this object represents.");
    properties.set("metadata", metadataReference("ObjectMeta", "Standard object's metadata."));
    return schema;
  }

  private static ObjectNode openSchema(BuiltInResource r) {
    ObjectNode schema = customResourceSchema(JSON.createObjectNode());
    schema.put("description", r.kind() + " (the sandbox describes apiVersion, kind and metadata only)");
    schema.put("type", "object");
    schema.put("x-kubernetes-preserve-unknown-fields", true);
    return schema;
  }

  private static ObjectNode listSchema(BuiltInResource r, String itemSchema) {
    ObjectNode list = JSON.createObjectNode();
    list.put("description", r.kind() + "List is a list of " + r.kind());
    list.put("type", "object");
    list.putArray("required").add("items");
    ObjectNode properties = list.putObject("properties");
    properties.putObject("apiVersion").put("type", "string");
    properties.putObject("kind").put("type", "string");
    properties.putObject("items").put("type", "array").putObject("items").put("$ref", "#/components/schemas/" + itemSchema);
    properties.set("metadata", metadataReference("ListMeta", "Standard list metadata."));
    list.putArray("x-kubernetes-group-version-kind").add(gvk(r, r.kind() + "List"));
    return list;
  }

  private static ObjectNode metadataReference(String type, String description) {
    ObjectNode metadata = JSON.createObjectNode();
    metadata.putArray("allOf").addObject().put("$ref", "#/components/schemas/" + META + type);
    metadata.putObject("default");
    metadata.put("description", description);
    return metadata;
  }

  /** ObjectMeta, ListMeta and Status: the fields the sandbox stores and uses, described as kube-apiserver does. */
  private static void metaSchemas(ObjectNode schemas) {
    ObjectNode objectMeta = object(schemas, "ObjectMeta", "ObjectMeta is metadata that all persisted resources must have.");
    ObjectNode meta = objectMeta.with("properties");
    string(meta, "name", "Name must be unique within a namespace.");
    string(meta, "generateName", "An optional prefix used by the server to generate a unique name.");
    string(meta, "namespace", "Namespace defines the space within which each name must be unique.");
    string(meta, "uid", "UID is the unique in time and space value for this object.");
    string(meta, "resourceVersion", "An opaque value that represents the internal version of this object.");
    meta.putObject("generation").put("type", "integer").put("format", "int64")
        .put("description", "A sequence number representing a specific generation of the desired state.");
    string(meta, "creationTimestamp", "The time this object was created.").put("format", "date-time");
    string(meta, "deletionTimestamp", "The time after which this resource will be deleted.").put("format", "date-time");
    meta.putObject("labels").put("type", "object").put("description", "Map of string keys and values for selecting objects.")
        .putObject("additionalProperties").put("type", "string").put("default", "");
    meta.putObject("annotations").put("type", "object").put("description", "Unstructured key value map stored with a resource.")
        .putObject("additionalProperties").put("type", "string").put("default", "");
    meta.putObject("finalizers").put("type", "array").put("description", "Must be empty before the object is deleted.")
        .putObject("items").put("type", "string").put("default", "");
    meta.putObject("ownerReferences").put("type", "array").put("description", "Objects this object depends on.")
        .putObject("items").put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
    meta.putObject("managedFields").put("type", "array").put("description", "Which field managers own which fields.")
        .putObject("items").put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
    ObjectNode listMeta = object(schemas, "ListMeta", "ListMeta describes metadata that synthetic resources must have.");
    string(listMeta.with("properties"), "resourceVersion", "The version of the list.");
    string(listMeta.with("properties"), "continue", "Set when more items can be listed.");
    ObjectNode status = object(schemas, "Status", "Status is a return value for calls that don't return other objects.");
    status.put("x-kubernetes-preserve-unknown-fields", true);
  }

  private static ObjectNode object(ObjectNode schemas, String name, String description) {
    ObjectNode schema = schemas.putObject(META + name);
    schema.put("description", description).put("type", "object");
    schema.putObject("properties");
    return schema;
  }

  private static ObjectNode string(ObjectNode properties, String name, String description) {
    return properties.putObject(name).put("type", "string").put("description", description);
  }

  private static ObjectNode gvk(BuiltInResource r, String kind) {
    return JSON.createObjectNode().put("group", r.group()).put("kind", kind).put("version", r.version());
  }

  /** Schema names as kube-apiserver gives them: io.k8s.api.core.v1.Pod, dev.segtpu.v1alpha1.SegmentationTrainingJob. */
  static String schemaName(BuiltInResource r, String kind) {
    String group = r.group();
    String prefix;
    if (group.isEmpty()) {
      prefix = "io.k8s.api.core";
    } else if (group.equals("apiextensions.k8s.io")) {
      prefix = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions";
    } else if (group.endsWith(".k8s.io") || !group.contains(".")) {
      prefix = "io.k8s.api." + group.split("\\.")[0];
    } else {
      List<String> parts = new ArrayList<>(List.of(group.split("\\.")));
      java.util.Collections.reverse(parts);
      prefix = String.join(".", parts);
    }
    return prefix + "." + r.version() + "." + kind;
  }

  private static String urlPath(String groupVersion) {
    return groupVersion.contains("/") ? "apis/" + groupVersion : "api/" + groupVersion;
  }

  private static String hash(String document) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-512").digest(document.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().withUpperCase().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is part of every JDK", e);
    }
  }

  /** For tests: the schema of one kind in a group version's document. */
  static Optional<JsonNode> schema(String document, String schemaName) {
    try {
      return Optional.ofNullable(JSON.readTree(document).path("components").path("schemas").get(schemaName));
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }
}
