package dev.segtpu.sandbox;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/** Stopping the sandbox's control loops so that no pass is still running when the API server goes away. */
public final class Loops {

  private Loops() {}

  /**
   * Logs a failed pass of a control loop, except while the loop is being stopped: {@link #stop}
   * interrupts a pass in flight, and the client then fails its request, which is no news.
   */
  public static void passFailed(Logger log, String pass, RuntimeException e) {
    if (!Thread.currentThread().isInterrupted()) {
      log.warn("{} failed, retrying: {}", pass, e.getMessage());
    }
  }

  public static void stop(ExecutorService loop) {
    loop.shutdownNow();
    try {
      loop.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
