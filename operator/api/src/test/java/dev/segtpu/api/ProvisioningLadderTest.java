package dev.segtpu.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProvisioningLadderTest {

  private static SegmentationTrainingJobSpec spec(Provisioning provisioning) {
    SegmentationTrainingJobSpec spec = new SegmentationTrainingJobSpec();
    spec.tpu = new TpuSpec();
    spec.tpu.provisioning = provisioning;
    return spec;
  }

  @Test
  void aJobWithoutALadderHasOneRungItsOwnProvisioning() {
    ProvisioningLadder ladder = ProvisioningLadder.of(spec(Provisioning.SPOT));

    assertThat(ladder.rungs()).containsExactly(new ProvisioningLadder.Rung(Provisioning.SPOT, null, null));
    assertThat(ladder.next(0)).isEmpty();
  }

  @Test
  void theOldFallbackIsALadderOfOneRungToOnDemandAfterThatManyPreemptions() {
    SegmentationTrainingJobSpec spec = spec(Provisioning.SPOT);
    spec.preemption = new PreemptionSpec();
    spec.preemption.fallbackToOnDemandAfter = 3;

    assertThat(ProvisioningLadder.of(spec).next(0)).hasValue(new ProvisioningLadder.Rung(Provisioning.ON_DEMAND, 3, null));
  }

  @Test
  void aLadderStartsAtTheJobsProvisioningAndClimbsInOrder() {
    SegmentationTrainingJobSpec spec = spec(Provisioning.RESERVATION);
    spec.provisioningLadder = List.of(new ProvisioningRung(Provisioning.SPOT, null, 600),
        new ProvisioningRung(Provisioning.ON_DEMAND, 2, 1800));

    ProvisioningLadder ladder = ProvisioningLadder.of(spec);

    assertThat(ladder.size()).isEqualTo(3);
    assertThat(ladder.next(0)).hasValue(new ProvisioningLadder.Rung(Provisioning.SPOT, null, 600));
    assertThat(ladder.next(1)).hasValue(new ProvisioningLadder.Rung(Provisioning.ON_DEMAND, 2, 1800));
    assertThat(ladder.next(2)).isEmpty();
  }
}
