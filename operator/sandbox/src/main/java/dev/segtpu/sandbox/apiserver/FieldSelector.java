package dev.segtpu.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Field selectors on lists ({@code involvedObject.name=x,spec.nodeName!=y}), which kubectl describe uses
 * to find an object's events and the mock does not understand: the sandbox lists without the selector
 * and keeps the items whose fields match.
 */
final class FieldSelector {

  private static final ObjectMapper JSON = new ObjectMapper();

  private record Term(String path, String value, boolean equals) {
    boolean matches(JsonNode item) {
      JsonNode node = item;
      for (String part : path.split("\\.")) {
        node = node.path(part);
      }
      String actual = node.isMissingNode() || node.isNull() ? "" : node.asText();
      return equals == actual.equals(value);
    }
  }

  private final List<Term> terms;

  private FieldSelector(List<Term> terms) {
    this.terms = terms;
  }

  /** The selector in a query string, if any. */
  static FieldSelector fromQuery(String query) {
    List<Term> terms = new ArrayList<>();
    for (String parameter : query.split("&")) {
      if (parameter.startsWith("fieldSelector=")) {
        String selector = URLDecoder.decode(parameter.substring("fieldSelector=".length()), StandardCharsets.UTF_8);
        for (String term : selector.split(",")) {
          if (term.contains("!=")) {
            terms.add(new Term(term.substring(0, term.indexOf("!=")), term.substring(term.indexOf("!=") + 2), false));
          } else if (term.contains("=")) {
            String[] parts = term.split("==?", 2);
            terms.add(new Term(parts[0], parts[1], true));
          }
        }
      }
    }
    return new FieldSelector(terms);
  }

  boolean isEmpty() {
    return terms.isEmpty();
  }

  /** Whether one object's fields match every term (watches filter each change with it). */
  boolean matches(JsonNode item) {
    return terms.stream().allMatch(term -> term.matches(item));
  }

  /** The query without its fieldSelector parameter. */
  static String withoutSelector(String query) {
    List<String> kept = new ArrayList<>();
    for (String parameter : query.split("&")) {
      if (!parameter.isEmpty() && !parameter.startsWith("fieldSelector=")) {
        kept.add(parameter);
      }
    }
    return String.join("&", kept);
  }

  /** A list body with only the matching items. */
  String filter(String listBody) {
    try {
      ObjectNode list = (ObjectNode) JSON.readTree(listBody);
      ArrayNode kept = JSON.createArrayNode();
      list.path("items").forEach(item -> {
        if (terms.stream().allMatch(term -> term.matches(item))) {
          kept.add(item);
        }
      });
      list.set("items", kept);
      // The mock answers lists as kind "List"; typed clients such as kubectl's event search need EventList.
      if ("List".equals(list.path("kind").asText()) && !kept.isEmpty() && kept.get(0).has("kind")) {
        list.put("kind", kept.get(0).path("kind").asText() + "List");
      }
      return JSON.writeValueAsString(list);
    } catch (IOException e) {
      return listBody;
    }
  }
}
