package dev.segtpu.trainer.distributed;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Consecutive free TCP ports for a gang started on one machine (tests, benchmarks), where worker {@code i}'s
 * collective runtime listens on {@code base + i}.
 *
 * <p>The block lies below the kernel's ephemeral port range on purpose. A port learnt by binding port 0 and
 * releasing it is free only until the kernel hands it out again, and it hands out exactly those ports to every
 * {@code bind(0)} (a worker's status server) and every outgoing connection (a worker dialling its peers) in the
 * moments before the collective runtime binds it: "Address already in use" at start. Ports below the range are
 * never handed out that way, so a block that is free when chosen stays free unless another process asks for it
 * by number. The base is random so that concurrent test JVMs rarely pick the same block.
 */
public final class LocalPortBlock {

  /** Linux's default when the range cannot be read. */
  private static final int[] DEFAULT_EPHEMERAL_RANGE = {32768, 60999};
  private static final int LOWEST = 10000;

  private LocalPortBlock() {}

  /** The first port of {@code size} consecutive ports that no process listens on, outside the ephemeral range. */
  public static int reserve(int size) throws IOException {
    int[] ephemeral = ephemeralRange();
    int from = ephemeral[0] - LOWEST >= 1000 ? LOWEST : ephemeral[1] + 1;
    int to = ephemeral[0] - LOWEST >= 1000 ? ephemeral[0] - size : 65536 - size;
    for (int attempt = 0; attempt < 100; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(from, to);
      if (allFree(base, size)) {
        return base;
      }
    }
    throw new IOException("no block of " + size + " free ports in " + from + ".." + (to + size - 1));
  }

  static int[] ephemeralRange() {
    try {
      String[] bounds = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
      return new int[] {Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1])};
    } catch (IOException | RuntimeException unreadable) {
      return DEFAULT_EPHEMERAL_RANGE.clone();
    }
  }

  private static boolean allFree(int base, int size) {
    for (int port = base; port < base + size; port++) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port));
      } catch (IOException taken) {
        return false;
      }
    }
    return true;
  }
}
