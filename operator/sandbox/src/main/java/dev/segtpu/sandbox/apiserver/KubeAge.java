package dev.segtpu.sandbox.apiserver;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Ages as kube-apiserver's printers write them (apimachinery's {@code duration.HumanDuration}): exact
 * seconds up to two minutes, then coarser the older a thing is ("5m30s", "47m", "6h12m", "3d4h"), and
 * {@code <unknown>} for a missing time.
 */
final class KubeAge {

  private KubeAge() {}

  /** The age of {@code timestamp} (RFC 3339) at {@code now}; {@code <unknown>} when absent or unreadable. */
  static String since(String timestamp, Instant now) {
    if (timestamp == null || timestamp.isEmpty()) {
      return "<unknown>";
    }
    try {
      return human(Duration.between(Instant.parse(timestamp), now));
    } catch (DateTimeParseException e) {
      return "<unknown>";
    }
  }

  static String human(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds < -1) {
      return "<invalid>";
    }
    if (seconds < 0) {
      return "0s";
    }
    if (seconds < 120) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      return seconds % 60 == 0 ? minutes + "m" : minutes + "m" + seconds % 60 + "s";
    }
    if (minutes < 180) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 8) {
      return minutes % 60 == 0 ? hours + "h" : hours + "h" + minutes % 60 + "m";
    }
    if (hours < 48) {
      return hours + "h";
    }
    if (hours < 24 * 8) {
      return hours % 24 == 0 ? hours / 24 + "d" : hours / 24 + "d" + hours % 24 + "h";
    }
    if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    }
    long days = hours / 24;
    if (hours < 24 * 365 * 8) {
      return days % 365 == 0 ? days / 365 + "y" : days / 365 + "y" + days % 365 + "d";
    }
    return days / 365 + "y";
  }
}
