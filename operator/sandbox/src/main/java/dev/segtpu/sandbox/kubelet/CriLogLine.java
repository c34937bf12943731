package dev.segtpu.sandbox.kubelet;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * One entry of a container log file in the CRI format the kubelet reads (containerd and CRI-O write it):
 * {@code <RFC3339Nano time> <stdout|stderr> <F|P> <text>}. {@code P} marks a fragment of a line longer
 * than the runtime's line buffer, or the unterminated end of the output; {@code F} ends a line. Keeping
 * the time per line is what lets {@code kubectl logs --timestamps} and {@code --since} work.
 */
record CriLogLine(Instant time, String stream, boolean partial, String text) {

  /**
   * How the kubelet prints a line's time for {@code timestamps=true}: RFC 3339 with exactly nine
   * fractional digits (its {@code timeFormatOut}), unlike the trimmed RFC3339Nano in the file.
   */
  static final DateTimeFormatter OUTPUT_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  /** The line as written to the file, newline included. */
  String fileLine() {
    return DateTimeFormatter.ISO_INSTANT.format(time) + " " + stream + " " + (partial ? "P" : "F") + " " + text + "\n";
  }

  /** What a log request returns for this entry: the text, its newline unless a fragment, maybe the time first. */
  byte[] output(boolean timestamps) {
    String line = (timestamps ? OUTPUT_TIME.format(time) + " " : "") + text + (partial ? "" : "\n");
    return line.getBytes(StandardCharsets.UTF_8);
  }

  /** Parses one file line (without its newline); empty for a line that is not in the format, e.g. torn by a crash. */
  static Optional<CriLogLine> parse(String line) {
    String[] parts = line.split(" ", 4);
    if (parts.length < 3 || !(parts[1].equals("stdout") || parts[1].equals("stderr"))
        || !(parts[2].equals("F") || parts[2].equals("P"))) {
      return Optional.empty();
    }
    try {
      return Optional.of(new CriLogLine(Instant.parse(parts[0]), parts[1], parts[2].equals("P"),
          parts.length == 4 ? parts[3] : ""));
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
