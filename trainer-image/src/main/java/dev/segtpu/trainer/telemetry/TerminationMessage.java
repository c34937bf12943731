package dev.segtpu.trainer.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.segtpu.contract.StatusDocument;
import dev.segtpu.contract.TrainerContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's last status, written to the container's termination message file as it exits. Kubernetes
 * puts the file's content in the pod status ({@code state.terminated.message}), so the operator learns
 * the final checkpoint and evaluation even when the trainer exits between two polls of {@code /status}.
 */
public final class TerminationMessage {

  /** Kubernetes' default {@code terminationMessagePath}; the kubelet creates the file. */
  public static final Path KUBERNETES_DEFAULT = Path.of("/dev/termination-log");
  /** Kubernetes keeps at most this many bytes of the message. */
  static final int LIMIT = TrainerContract.TERMINATION_MESSAGE_LIMIT_BYTES;

  private static final Logger LOG = LoggerFactory.getLogger(TerminationMessage.class);

  private TerminationMessage() {}

  /** The status as JSON within {@link #LIMIT} bytes (without the per-class IoU if need be); empty if it cannot fit. */
  static byte[] encode(StatusDocument status) throws JsonProcessingException {
    return status.toTerminationMessage();
  }

  /** Writes {@code status} to {@code file}; a failure is logged, never thrown (the exit code matters more). */
  static void write(Path file, StatusDocument status) {
    try {
      byte[] bytes = encode(status);
      if (bytes.length == 0) {
        LOG.warn("final status does not fit in a {}-byte termination message; not written", LIMIT);
        return;
      }
      Files.write(file, bytes);
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot write the termination message to {}: {}", file, e.toString());
    }
  }
}
