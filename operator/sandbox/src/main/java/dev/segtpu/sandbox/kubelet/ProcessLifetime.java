package dev.segtpu.sandbox.kubelet;

import java.time.Instant;

/**
 * When one pod's process lived, so tests can prove that two gangs of a job never ran at once.
 *
 * @param ended null while the process runs
 */
public record ProcessLifetime(String namespace, String pod, String job, String attempt, long pid,
                              Instant started, Instant ended, Integer exitCode) {

  public boolean overlaps(ProcessLifetime other) {
    Instant thisEnd = ended == null ? Instant.MAX : ended;
    Instant otherEnd = other.ended == null ? Instant.MAX : other.ended;
    return started.isBefore(otherEnd) && other.started.isBefore(thisEnd);
  }
}
