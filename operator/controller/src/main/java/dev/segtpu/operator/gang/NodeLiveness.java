package dev.segtpu.operator.gang;

/** What the operator knows about the node a worker ran on. */
public interface NodeLiveness {

  /** The node object no longer exists (deleted with its VM). False when unknown. */
  boolean gone(String nodeName);

  /** The node is being drained or shut down (cordoned, or tainted for deletion or termination). */
  boolean draining(String nodeName);

  /** For operators that may not watch nodes: nothing is known, so nothing is concluded. */
  NodeLiveness UNKNOWN = new NodeLiveness() {
    @Override
    public boolean gone(String nodeName) {
      return false;
    }

    @Override
    public boolean draining(String nodeName) {
      return false;
    }
  };
}
