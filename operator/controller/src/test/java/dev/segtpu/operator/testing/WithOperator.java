package dev.segtpu.operator.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of reconciler tests that each start a fresh mock cluster with the operator running. */
public abstract class WithOperator {

  protected OperatorHarness cluster;

  @BeforeEach
  void startCluster() {
    cluster = OperatorHarness.start();
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }
}
