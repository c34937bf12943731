package dev.segtpu.trainer.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.segtpu.contract.StatusDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The final status must fit in what Kubernetes keeps of a termination message. */
class TerminationMessageTest {

  private static StatusDocument withClasses(int classes) {
    List<Double> perClass = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      perClass.add(0.123456789 + c);
    }
    return new StatusDocument("done", 2, 600L, 600L, 9L, 0.02, 6e-5, 70.0, 8.8, 283L,
        new StatusDocument.Checkpoint(600L, "2026-11-28T17:03:52Z", 2, 0.08),
        StatusDocument.Eval.deepLab(600L, 0.974, 0.992, perClass), 80.5, Map.of("startup", 4.1), "/device:CPU:0", null);
  }

  @Test
  void aVocSizedStatusIsWrittenWhole() throws Exception {
    byte[] bytes = TerminationMessage.encode(withClasses(21));
    JsonNode json = new ObjectMapper().readTree(bytes);
    assertThat(json.path("eval").path("perClassIoU")).hasSize(21);
    assertThat(json.path("lastCheckpoint").path("step").asLong()).isEqualTo(600);
  }

  @Test
  void aStatusTooLongForKubernetesDropsThePerClassIoUAndKeepsTheRest() throws Exception {
    byte[] bytes = TerminationMessage.encode(withClasses(500));
    assertThat(bytes.length).isLessThanOrEqualTo(TerminationMessage.LIMIT);
    JsonNode json = new ObjectMapper().readTree(bytes);
    assertThat(json.path("eval").has("perClassIoU")).isFalse();
    assertThat(json.path("eval").path("meanIoU").asDouble()).isEqualTo(0.974);
    assertThat(json.path("lastCheckpoint").path("step").asLong()).isEqualTo(600);
  }
}
