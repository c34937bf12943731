package dev.segtpu.trainer.train;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM (preemption, or the operator's own suspend) as a flag the loop polls between steps, instead of
 * the JVM's default of running shutdown hooks and exiting with 143: the loop finishes its step, writes a
 * checkpoint and exits with 42.
 */
public final class StopSignal {

  private static final Logger LOG = LoggerFactory.getLogger(StopSignal.class);
  private final AtomicBoolean requested = new AtomicBoolean();

  /** Installs the SIGTERM handler. sun.misc.Signal is the JDK's only way to replace it. */
  @SuppressWarnings("removal")
  public static StopSignal onSigterm() {
    StopSignal stop = new StopSignal();
    sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> {
      LOG.info("SIGTERM: finishing the current step, then checkpointing and exiting");
      stop.requested.set(true);
    });
    return stop;
  }

  /** A flag nobody raises (benchmarks, in-process tests). */
  public static StopSignal never() {
    return new StopSignal();
  }

  public boolean requested() {
    return requested.get();
  }

  public void request() {
    requested.set(true);
  }
}
