package dev.segtpu.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A label selector as the API server parses it from {@code labelSelector=}: comma-separated requirements
 * {@code k=v}, {@code k==v}, {@code k!=v}, {@code k in (a,b)}, {@code k notin (a,b)}, {@code k} and
 * {@code !k}. Watches need it because they filter each change themselves, not through the store's query.
 */
final class LabelSelector {

  private enum Operator { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST }

  private record Requirement(String key, Operator operator, Set<String> values) {
    boolean matches(JsonNode labels) {
      boolean has = labels.has(key);
      String value = labels.path(key).asText();
      return switch (operator) {
        case EQUALS, IN -> has && values.contains(value);
        case NOT_EQUALS, NOT_IN -> !has || !values.contains(value);
        case EXISTS -> has;
        case DOES_NOT_EXIST -> !has;
      };
    }
  }

  private final List<Requirement> requirements;

  private LabelSelector(List<Requirement> requirements) {
    this.requirements = requirements;
  }

  /** Parses a decoded selector; an empty one selects everything. */
  static LabelSelector parse(String selector) {
    List<Requirement> requirements = new ArrayList<>();
    for (String term : splitOutsideParentheses(selector)) {
      String t = term.trim();
      if (t.isEmpty()) {
        continue;
      }
      String[] words = t.split("\\s+", 3);
      if (words.length >= 2 && (words[1].equals("in") || words[1].equals("notin"))) {
        String list = t.substring(t.indexOf('(') + 1, t.lastIndexOf(')'));
        Set<String> values = Arrays.stream(list.split(",")).map(String::trim).collect(Collectors.toSet());
        requirements.add(new Requirement(words[0], words[1].equals("in") ? Operator.IN : Operator.NOT_IN, values));
      } else if (t.contains("!=")) {
        requirements.add(new Requirement(t.substring(0, t.indexOf("!=")).trim(), Operator.NOT_EQUALS,
            Set.of(t.substring(t.indexOf("!=") + 2).trim())));
      } else if (t.contains("=")) {
        String[] parts = t.split("==?", 2);
        requirements.add(new Requirement(parts[0].trim(), Operator.EQUALS, Set.of(parts[1].trim())));
      } else if (t.startsWith("!")) {
        requirements.add(new Requirement(t.substring(1).trim(), Operator.DOES_NOT_EXIST, Set.of()));
      } else {
        requirements.add(new Requirement(t, Operator.EXISTS, Set.of()));
      }
    }
    return new LabelSelector(requirements);
  }

  boolean matches(JsonNode object) {
    JsonNode labels = object.path("metadata").path("labels");
    return requirements.stream().allMatch(requirement -> requirement.matches(labels));
  }

  private static List<String> splitOutsideParentheses(String selector) {
    List<String> terms = new ArrayList<>();
    int depth = 0;
    StringBuilder current = new StringBuilder();
    for (char c : selector.toCharArray()) {
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (c == ',' && depth == 0) {
        terms.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    terms.add(current.toString());
    return terms;
  }
}
