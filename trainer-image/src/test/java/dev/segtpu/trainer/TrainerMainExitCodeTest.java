package dev.segtpu.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerMainExitCodeTest {

  @Test
  void aConfigurationErrorExitsWithTwoAndNamesTheSetting() {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true));
    try {
      int code = TrainerMain.run(Map.of("SEGTPU_WORKER_COUNT", "2", "SEGTPU_TOTAL_STEPS", "10",
          "SEGTPU_CHECKPOINT_DIR", "/tmp/unused"), new String[0]);
      assertThat(code).isEqualTo(ExitCode.CONFIGURATION_ERROR);
    } finally {
      System.setErr(original);
    }
    assertThat(err.toString()).contains("configuration error: SEGTPU_WORKER_COUNT (--worker-count): is 2");
  }
}
