package dev.segtpu.operator.reconcile.act;

/**
 * The job changed since it was read (HTTP 409 on the status write). Nothing was done after the failed
 * write; the reconciler looks again at the fresh job shortly.
 */
public final class StatusConflict extends RuntimeException {

  public StatusConflict(String job, Throwable cause) {
    super("job " + job + " changed while it was reconciled; reconciling again", cause);
  }
}
