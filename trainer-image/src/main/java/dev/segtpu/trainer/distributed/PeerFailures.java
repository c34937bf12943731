package dev.segtpu.trainer.distributed;

import java.util.Locale;
import java.util.Optional;

/**
 * Tells a lost peer from other failures of a multi-host step. TensorFlow reports a collective whose peer
 * died as UNAVAILABLE (the connection failed), one whose peer froze as DEADLINE_EXCEEDED (after the
 * collective's timeout), and every later collective of the process as aborted or cancelled; TensorFlow
 * Java 1.1.0 has no exception classes for these codes, so the message is what tells them apart.
 */
public final class PeerFailures {

  private static final String[] SIGNS = {"unavailable", "deadline exceeded", "deadline_exceeded", "timed out",
      "collective ops is aborted", "aborted", "cancelled", "connection reset", "failed to connect", "socket closed",
      "peer", "collective"};

  private PeerFailures() {}

  /** A {@link PeerLostException} when {@code failure} (or a cause) reads as a lost peer of {@code group}. */
  public static Optional<PeerLostException> lostPeer(Throwable failure, PeerGroup group) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      for (String sign : SIGNS) {
        if (message.contains(sign)) {
          return Optional.of(new PeerLostException("a collective with the other " + (group.size() - 1)
              + " workers failed (" + firstLine(t.getMessage()) + ")", failure));
        }
      }
    }
    return Optional.empty();
  }

  private static String firstLine(String message) {
    String line = message == null ? "" : message.strip().lines().findFirst().orElse("");
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
