package dev.segtpu.sandbox.kubelet;

import java.util.concurrent.atomic.AtomicInteger;

/** Hands each pod its own loopback address (127.0.1.1, 127.0.1.2, …) as a CNI would hand out pod IPs. */
final class PodAddresses {

  private final AtomicInteger next = new AtomicInteger(256 + 1);

  String allocate() {
    int n = next.getAndIncrement();
    if (n % 256 == 0 || n % 256 == 255) {
      n = next.getAndIncrement() + 1;
    }
    return "127.0." + (n / 256) % 256 + "." + n % 256;
  }
}
