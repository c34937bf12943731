package dev.segtpu.trainer.distributed;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the group's workers before training: each peer's name must resolve (on GKE the headless Service
 * publishes a worker's DNS record once its pod has an address) and its collective port must accept a
 * connection, within the group's timeout. A peer still missing then is named in the failure.
 */
public final class Rendezvous {

  private static final Logger LOG = LoggerFactory.getLogger(Rendezvous.class);
  private static final long RETRY_MILLIS = 200;

  private Rendezvous() {}

  /**
   * Every worker's address for the collective runtime. When every worker resolves to a loopback address
   * the group runs on one machine (the sandbox, a test): TensorFlow's server listens on all addresses,
   * so there worker {@code i} listens on {@code port + i} instead of sharing one port.
   *
   * @throws PeerLostException naming the hosts that did not resolve in time
   */
  public static List<InetSocketAddress> resolve(PeerGroup group) {
    long deadline = System.nanoTime() + group.timeout().toNanos();
    TreeMap<Integer, InetAddress> resolved = new TreeMap<>();
    while (true) {
      List<String> missing = new ArrayList<>();
      for (int i = 0; i < group.size(); i++) {
        if (!resolved.containsKey(i)) {
          Optional<InetAddress> address = lookup(group.hosts().get(i));
          if (address.isPresent()) {
            resolved.put(i, address.get());
          } else {
            missing.add(i + " (" + group.hosts().get(i) + ")");
          }
        }
      }
      if (missing.isEmpty()) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new PeerLostException("peers never got an address within " + group.timeout().toSeconds() + " s: worker "
            + String.join(", worker ", missing));
      }
      sleep();
    }
    boolean oneMachine = resolved.values().stream().allMatch(InetAddress::isLoopbackAddress);
    List<InetSocketAddress> addresses = new ArrayList<>();
    resolved.forEach((worker, address) -> addresses.add(new InetSocketAddress(address, group.port() + (oneMachine ? worker : 0))));
    return addresses;
  }

  /**
   * Waits until every peer's collective runtime accepts connections (this worker's own must already run).
   *
   * @throws PeerLostException naming the workers that did not answer in time
   */
  public static void awaitPeers(PeerGroup group, List<InetSocketAddress> addresses) {
    long deadline = System.nanoTime() + group.timeout().toNanos();
    List<Integer> waiting = new ArrayList<>();
    for (int i = 0; i < addresses.size(); i++) {
      if (i != group.worker()) {
        waiting.add(i);
      }
    }
    while (!waiting.isEmpty()) {
      waiting.removeIf(i -> answers(addresses.get(i)));
      if (waiting.isEmpty()) {
        break;
      }
      if (System.nanoTime() > deadline) {
        List<String> named = waiting.stream().map(i -> i + " (" + group.hosts().get(i) + " at " + addresses.get(i) + ")").toList();
        throw new PeerLostException("peers did not start within " + group.timeout().toSeconds() + " s: worker "
            + String.join(", worker ", named));
      }
      sleep();
    }
    LOG.info("all {} workers of the group answer", group.size());
  }

  private static Optional<InetAddress> lookup(String host) {
    try {
      return Optional.of(InetAddress.getByName(host));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static boolean answers(InetSocketAddress address) {
    try (Socket socket = new Socket()) {
      socket.connect(address, 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(RETRY_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PeerLostException("interrupted while waiting for peers");
    }
  }
}
