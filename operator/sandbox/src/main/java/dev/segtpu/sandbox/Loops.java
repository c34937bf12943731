package dev.segtpu.sandbox;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Stopping the sandbox's control loops so that no pass is still running when the API server goes away. */
public final class Loops {

  private Loops() {}

  public static void stop(ExecutorService loop) {
    loop.shutdownNow();
    try {
      loop.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
