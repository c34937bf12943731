package dev.segtpu.trainer.distributed;

import java.time.Duration;
import java.util.List;

/**
 * The data-parallel group one worker trains in: every worker of the job (all hosts of all slices), in
 * worker-index order, and where their collective runtimes listen.
 *
 * @param worker this worker's index
 * @param hosts every worker's host name (or address), by index
 * @param port the port every worker's collective runtime listens on
 * @param timeout how long to wait for a peer to appear, and for a peer's part of a collective
 */
public record PeerGroup(int worker, List<String> hosts, int port, Duration timeout) {

  /** TensorFlow's job name for the group's tasks. */
  public static final String JOB = "worker";

  public PeerGroup {
    hosts = List.copyOf(hosts);
    if (worker < 0 || worker >= hosts.size()) {
      throw new IllegalArgumentException("worker " + worker + " is outside 0.." + (hosts.size() - 1));
    }
  }

  public int size() {
    return hosts.size();
  }

  /** Worker 0 leads: it resolves the collective groups and alone writes checkpoints and reports. */
  public boolean leader() {
    return worker == 0;
  }

  /** TensorFlow's name for a worker's CPU. */
  public static String device(int worker) {
    return "/job:" + JOB + "/replica:0/task:" + worker + "/device:CPU:0";
  }
}
