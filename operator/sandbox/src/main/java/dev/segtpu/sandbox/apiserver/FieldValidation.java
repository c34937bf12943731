package dev.segtpu.sandbox.apiserver;

import java.util.Arrays;

/**
 * The {@code fieldValidation} query parameter of a create, update or patch: what the API server does
 * about fields the schema does not declare. They are pruned in every case; Strict refuses the write,
 * Warn stores it and says so in a {@code Warning} header, Ignore stores it silently. Warn is the API
 * server's default when the parameter is absent, so clients that never heard of it (Fabric8, JOSDK)
 * see warnings rather than silence, as against a real cluster.
 */
enum FieldValidation {
  IGNORE, WARN, STRICT;

  /** The directive a request's query string asks for; Warn when it asks for none. */
  static FieldValidation fromQuery(String query) {
    return Arrays.stream(query.split("&"))
        .filter(parameter -> parameter.startsWith("fieldValidation="))
        .map(parameter -> parameter.substring("fieldValidation=".length()))
        .findFirst()
        .flatMap(value -> Arrays.stream(values()).filter(directive -> directive.name().equalsIgnoreCase(value)).findFirst())
        .orElse(WARN);
  }

  /** The Warning header the API server sends for one pruned field (RFC 7234 code 299, agent "-"). */
  static String warningHeader(String field) {
    return "299 - \"unknown field \\\"" + field + "\\\"\"";
  }
}
