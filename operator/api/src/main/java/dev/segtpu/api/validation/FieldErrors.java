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
    if (value == null) {
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

  private static String format(double number) {
    return number == Math.rint(number) ? String.valueOf((long) number) : String.valueOf(number);
  }
}
