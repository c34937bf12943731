package dev.segtpu.sandbox.kubelet;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands each pod its own loopback address (127.0.x.1, 127.0.x.2, …) as a CNI would hand out pod IPs.
 * Each sandbox starts at a random x so that two sandboxes on one machine (parallel builds) rarely meet.
 */
final class PodAddresses {

  private final AtomicInteger next = new AtomicInteger(256 * ThreadLocalRandom.current().nextInt(1, 200) + 1);

  String allocate() {
    int n = next.getAndIncrement();
    while (n % 256 == 0 || n % 256 == 255) {
      n = next.getAndIncrement();
    }
    return "127.0." + (n / 256) % 256 + "." + n % 256;
  }
}
