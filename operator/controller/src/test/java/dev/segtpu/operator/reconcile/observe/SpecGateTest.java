package dev.segtpu.operator.reconcile.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.BudgetSpec;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.api.validation.SpecValidator;
import dev.segtpu.operator.testing.Jobs;
import dev.segtpu.tpu.TpuCatalog;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class SpecGateTest {

  final KubernetesSerialization serialization = new KubernetesSerialization();
  final SpecGate gate = new SpecGate(new SpecValidator(TpuCatalog.load()), serialization);

  SegmentationTrainingJob started() {
    SegmentationTrainingJob job = Jobs.job("j", "ml");
    job.setStatus(new SegmentationTrainingJobStatus());
    job.getStatus().acceptedSpec = serialization.asJson(job.getSpec());
    return job;
  }

  @Test
  void beforeTheFirstStartTheSpecAsWrittenIsEffective() {
    SegmentationTrainingJob job = Jobs.job("j", "ml");
    SpecGate.Verdict verdict = gate.check(job);
    assertThat(verdict.valid()).isTrue();
    assertThat(verdict.effective()).hasValue(job.getSpec());
    assertThat(verdict.rejectedChanges()).isEmpty();
  }

  @Test
  void anInvalidSpecBeforeTheFirstStartHasNoEffectiveSpecAndNamesTheField() {
    SegmentationTrainingJob job = Jobs.job("j", "ml");
    job.getSpec().tpu.topology = "3x3";
    SpecGate.Verdict verdict = gate.check(job);
    assertThat(verdict.effective()).isEmpty();
    assertThat(verdict.errors()).extracting(e -> e.field()).contains("spec.tpu.topology");
  }

  @Test
  void afterTheStartImmutableSectionsKeepTheirAcceptedValuesAndMutableOnesApply() {
    SegmentationTrainingJob job = started();
    job.getSpec().tpu.topology = "4x4";
    job.getSpec().checkpoint.keep = 9;
    job.getSpec().suspend = true;
    job.getSpec().budget = new BudgetSpec();
    job.getSpec().budget.maxCostUSD = 5.0;

    SpecGate.Verdict verdict = gate.check(job);

    assertThat(verdict.rejectedChanges()).containsExactly("spec.tpu.topology", "spec.checkpoint.keep");
    assertThat(verdict.effective().orElseThrow().tpu.topology).isEqualTo("2x4");
    assertThat(verdict.effective().orElseThrow().checkpoint.keep).isNull();
    assertThat(verdict.effective().orElseThrow().suspend).isTrue();
    assertThat(verdict.effective().orElseThrow().budget.maxCostUSD).isEqualTo(5.0);
  }

  @Test
  void aStartedJobKeepsTheSlicesItStartedOnAndOneAcceptedBeforeSlicesExistedRunsOnOne() {
    SegmentationTrainingJob job = started();  // accepted without spec.tpu.slices
    job.getSpec().tpu.slices = 2;

    SpecGate.Verdict verdict = gate.check(job);

    assertThat(verdict.rejectedChanges()).containsExactly("spec.tpu.slices");
    assertThat(verdict.effective().orElseThrow().tpu.slicesOrDefault()).isEqualTo(1);
  }

  @Test
  void anInvalidMutableEditAfterTheStartKeepsTheAcceptedSpecAndReportsTheField() {
    SegmentationTrainingJob job = started();
    job.getSpec().budget = new BudgetSpec();
    job.getSpec().budget.maxCostUSD = -1.0;

    SpecGate.Verdict verdict = gate.check(job);

    assertThat(verdict.valid()).isFalse();
    assertThat(verdict.errors()).extracting(e -> e.field()).contains("spec.budget.maxCostUSD");
    assertThat(verdict.effective().orElseThrow().budget).isNull();
  }
}
