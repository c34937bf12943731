package dev.segtpu.trainer.distributed;

/** A peer never appeared, died, or stopped answering: the trainer exits with the contract's peer-lost code. */
public final class PeerLostException extends RuntimeException {

  public PeerLostException(String message) {
    super(message);
  }

  public PeerLostException(String message, Throwable cause) {
    super(message, cause);
  }
}
