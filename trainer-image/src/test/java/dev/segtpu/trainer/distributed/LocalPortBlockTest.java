package dev.segtpu.trainer.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalPortBlockTest {

  @Test
  void aBlockLiesOutsideTheKernelsEphemeralRangeSoNoBindToPortZeroOrOutgoingConnectionCanTakeIt() throws Exception {
    int[] ephemeral = LocalPortBlock.ephemeralRange();
    for (int i = 0; i < 20; i++) {
      int base = LocalPortBlock.reserve(4);
      assertThat(base + 3 < ephemeral[0] || base > ephemeral[1])
          .as("block %d..%d against ephemeral %d..%d", base, base + 3, ephemeral[0], ephemeral[1]).isTrue();
    }
  }

  @Test
  void everyPortOfAReservedBlockCanBeBoundAtOnce() throws Exception {
    int base = LocalPortBlock.reserve(3);
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int port = base; port < base + 3; port++) {
        ServerSocket socket = new ServerSocket();
        sockets.add(socket);
        socket.bind(new InetSocketAddress("0.0.0.0", port));
        assertThat(socket.getLocalPort()).isEqualTo(port);
      }
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }

  @Test
  void theKernelsEphemeralRangeIsReadAsLowThenHighAboveThePrivilegedPorts() {
    int[] range = LocalPortBlock.ephemeralRange();
    assertThat(range[0]).isLessThan(range[1]);
    assertThat(range[0]).isGreaterThan(1023);
  }
}
