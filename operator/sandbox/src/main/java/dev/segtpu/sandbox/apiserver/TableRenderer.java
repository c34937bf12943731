package dev.segtpu.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Server-side printing: turns an object or a list into a {@code meta.k8s.io/v1} Table, the way the real
 * API server does when kubectl asks for one. Custom resources use their CRD's additionalPrinterColumns;
 * pods, nodes, events and services kube's own columns ({@link BuiltInColumns}); everything else Name and Age.
 */
final class TableRenderer {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TableRenderer() {}

  static String render(String body, List<CustomResourceColumnDefinition> printerColumns, String kind, Instant now) {
    try {
      JsonNode node = JSON.readTree(body);
      List<JsonNode> items = new ArrayList<>();
      if (node.has("items")) {
        node.get("items").forEach(items::add);
      } else {
        items.add(node);
      }
      ObjectNode table = JSON.createObjectNode();
      table.put("kind", "Table");
      table.put("apiVersion", "meta.k8s.io/v1");
      ObjectNode metadata = table.putObject("metadata");
      if (node.path("metadata").has("resourceVersion")) {
        metadata.put("resourceVersion", node.path("metadata").path("resourceVersion").asText());
      }
      ArrayNode definitions = table.putArray("columnDefinitions");
      ArrayNode rows = table.putArray("rows");
      if ((printerColumns == null || printerColumns.isEmpty()) && BuiltInColumns.covers(kind)) {
        for (BuiltInColumns.Definition column : BuiltInColumns.definitions(kind)) {
          ObjectNode definition = definitions.addObject();
          definition.put("name", column.name());
          definition.put("type", column.type());
          definition.put("format", column.name().equals("Name") ? "name" : "");
          definition.put("description", "");
          definition.put("priority", column.priority());
        }
        for (JsonNode item : items) {
          ObjectNode row = rows.addObject();
          row.set("cells", JSON.valueToTree(BuiltInColumns.cells(kind, item, now)));
          row.set("object", item);
        }
        return JSON.writeValueAsString(table);
      }
      List<Column> columns = columns(printerColumns);
      for (Column column : columns) {
        ObjectNode definition = definitions.addObject();
        definition.put("name", column.name());
        definition.put("type", column.type());
        definition.put("format", column.name().equals("Name") ? "name" : "");
        definition.put("description", "");
        definition.put("priority", column.priority());
      }
      for (JsonNode item : items) {
        ObjectNode row = rows.addObject();
        ArrayNode cells = row.putArray("cells");
        for (Column column : columns) {
          cells.add(column.cell(item, now));
        }
        row.set("object", item);
      }
      return JSON.writeValueAsString(table);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("stored object is not JSON", e);
    }
  }

  private static List<Column> columns(List<CustomResourceColumnDefinition> printerColumns) {
    List<Column> columns = new ArrayList<>();
    columns.add(new Column("Name", "string", ".metadata.name", 0));
    if (printerColumns != null && !printerColumns.isEmpty()) {
      printerColumns.forEach(c -> columns.add(new Column(c.getName(), c.getType(), c.getJsonPath(),
          c.getPriority() == null ? 0 : c.getPriority())));
    } else {
      columns.add(new Column("Age", "date", ".metadata.creationTimestamp", 0));
    }
    return columns;
  }

  private record Column(String name, String type, String jsonPath, int priority) {

    JsonNode cell(JsonNode item, Instant now) {
      JsonNode value = item;
      for (String part : jsonPath.substring(1).split("\\.")) {
        value = value.path(part);
      }
      if (value.isMissingNode() || value.isNull()) {
        return JSON.getNodeFactory().nullNode();
      }
      if (type.equals("date")) {
        return JSON.getNodeFactory().textNode(age(value.asText(), now));
      }
      return value;
    }
  }

  static String age(String timestamp, Instant now) {
    try {
      Duration age = Duration.between(Instant.parse(timestamp), now);
      if (age.toDays() > 0) {
        return age.toDays() + "d";
      }
      if (age.toHours() > 0) {
        return age.toHours() + "h" + (age.toMinutesPart() > 0 ? age.toMinutesPart() + "m" : "");
      }
      if (age.toMinutes() > 0) {
        return age.toMinutes() + "m" + (age.toSecondsPart() > 0 ? age.toSecondsPart() + "s" : "");
      }
      return Math.max(0, age.toSeconds()) + "s";
    } catch (DateTimeParseException e) {
      return timestamp;
    }
  }
}
