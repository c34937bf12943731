package dev.segtpu.api.validation;

/**
 * One problem with a spec.
 *
 * @param field the JSON path of the offending field, e.g. {@code spec.tpu.topology}
 * @param message what is wrong and how to fix it
 */
public record FieldError(String field, String message) {

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
