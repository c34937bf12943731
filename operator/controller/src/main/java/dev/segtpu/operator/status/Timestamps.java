package dev.segtpu.operator.status;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** RFC 3339 times read from a status or a pod, leniently. */
public final class Timestamps {

  private Timestamps() {}

  /** Null when absent or unreadable: a bad timestamp written by someone else must not break a reconcile. */
  public static Instant parseOrNull(String time) {
    if (time == null) {
      return null;
    }
    try {
      return Instant.parse(time);
    } catch (DateTimeParseException unreadable) {
      return null;
    }
  }
}
