package dev.segtpu.api.validation;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems found by the rules, with small checks that word their messages alike. */
final class FieldErrors {

  private final List<FieldError> errors = new ArrayList<>();

  void add(String field, String message) {
    errors.add(new FieldError(field, message));
  }

  /** Records a missing required value; returns whether it is present so callers can skip dependent checks. */
  boolean required(String field, Object value, String hint) {
    if (value == null || value instanceof String text && text.isBlank()) {
      add(field, "is required; " + hint);
      return false;
    }
    return true;
  }

  void range(String field, Number value, double min, double max) {
    if (value != null && (value.doubleValue() < min || value.doubleValue() > max)) {
      add(field, "must be between " + format(min) + " and " + format(max) + ", got " + value);
    }
  }

  void atLeast(String field, Number value, double min) {
    if (value != null && value.doubleValue() < min) {
      add(field, "must be at least " + format(min) + ", got " + value);
    }
  }

  List<FieldError> toList() {
    return List.copyOf(errors);
  }

  /** A user's value quoted in a message: at most 80 characters, control characters escaped. */
  static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < 80; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return text.length() > 80 ? out + "..." : out.toString();
  }

  static String format(double number) {
    return number == Math.rint(number) ? String.valueOf((long) number) : String.valueOf(number);
  }
}
