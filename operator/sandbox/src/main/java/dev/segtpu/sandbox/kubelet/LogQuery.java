package dev.segtpu.sandbox.kubelet;

import java.time.Instant;

/**
 * Which part of a container's log a request wants, as the kubelet reads PodLogOptions.
 *
 * @param tailLines the last this many lines only; null for all
 * @param since lines written at or after this time only; null for all
 * @param timestamps each line prefixed with its time (RFC 3339, nine fractional digits) and a space
 * @param limitBytes stop after this many bytes, even within a line; null for no limit
 */
public record LogQuery(Long tailLines, Instant since, boolean timestamps, Long limitBytes) {

  public static final LogQuery ALL = new LogQuery(null, null, false, null);
}
