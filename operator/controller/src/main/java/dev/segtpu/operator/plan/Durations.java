package dev.segtpu.operator.plan;

import java.util.Locale;

/** Durations as the plan prints them: 45s, 12m, 7h 48m, 2d 3h. */
public final class Durations {

  private Durations() {}

  public static String human(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) {
      return s + "s";
    }
    long minutes = Math.round(seconds / 60);
    if (minutes < 60) {
      return minutes + "m";
    }
    if (minutes < 48 * 60) {
      return String.format(Locale.ROOT, "%dh %02dm", minutes / 60, minutes % 60);
    }
    long hours = Math.round(seconds / 3600);
    return String.format(Locale.ROOT, "%dd %dh", hours / 24, hours % 24);
  }
}
