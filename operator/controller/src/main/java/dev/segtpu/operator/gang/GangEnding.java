package dev.segtpu.operator.gang;

/**
 * How the current attempt's gang ended, decided from all its workers.
 *
 * @param cause the deciding worker's ending
 * @param worker that worker's index, or -1 when the whole gang decided it (all succeeded)
 */
public record GangEnding(PodEnding cause, int worker) {

  public EndingKind kind() {
    return cause.kind();
  }
}
