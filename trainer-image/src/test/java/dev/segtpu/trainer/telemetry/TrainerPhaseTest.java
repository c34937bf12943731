package dev.segtpu.trainer.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.contract.StatusDocument;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The operator and the stand-in know the phases from the contract; this trainer must report the same ones. */
class TrainerPhaseTest {

  @Test
  void theTrainersPhasesAreTheContractsInTheContractsOrder() {
    assertThat(Arrays.stream(TrainerPhase.values()).map(TrainerPhase::json).toList())
        .containsExactlyElementsOf(StatusDocument.PHASES);
  }
}
