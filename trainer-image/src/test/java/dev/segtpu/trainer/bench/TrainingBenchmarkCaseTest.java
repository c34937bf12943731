package dev.segtpu.trainer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segtpu.trainer.bench.TrainingBenchmark.BenchCase;
import dev.segtpu.trainer.bench.TrainingBenchmark.Case;
import dev.segtpu.trainer.bench.TrainingBenchmark.MaskRcnnCase;
import dev.segtpu.trainer.model.deeplab.BackboneKind;
import org.junit.jupiter.api.Test;

class TrainingBenchmarkCaseTest {

  @Test
  void aCaseWithoutThePrefixIsTheDeepLabCaseItWasBefore() {
    assertThat(BenchCase.parse("resnet50,256,4")).isEqualTo(new Case(BackboneKind.RESNET50, 256, 4));
    assertThat(BenchCase.parse("mobilenetv2,513,4").flag()).isEqualTo("mobilenetv2,513,4");
  }

  @Test
  void theMaskRcnnPrefixMakesAMaskRcnnCaseWhoseFlagParsesBackToIt() {
    BenchCase parsed = BenchCase.parse("maskrcnn-resnet50,512,2");
    assertThat(parsed).isEqualTo(new MaskRcnnCase(BackboneKind.RESNET50, 512, 2));
    assertThat(BenchCase.parse(parsed.flag())).isEqualTo(parsed);
  }

  @Test
  void everyListedCaseParsesBackFromItsFlagAsTheChildJvmReceivesIt() {
    TrainingBenchmark.CASES.forEach(c -> assertThat(BenchCase.parse(c.flag())).isEqualTo(c));
  }

  @Test
  void aMaskRcnnCaseNeedsAnImageSizeThatIsAMultipleOf64AndThreeParts() {
    assertThatThrownBy(() -> BenchCase.parse("maskrcnn-resnet50,500,2")).hasMessageContaining("multiple of 64");
    assertThatThrownBy(() -> BenchCase.parse("maskrcnn-resnet50,512")).hasMessageContaining("maskrcnn-BACKBONE,SIZE,BATCH");
  }

  @Test
  void aMaskRcnnCaseIsThePublishedNetworkWithTheReferenceCocoClasses() {
    MaskRcnnCase c = MaskRcnnCase.parse("maskrcnn-resnet50,1024,1");
    assertThat(c.spec().numClasses()).isEqualTo(91);
    assertThat(c.spec().roisPerImage()).isEqualTo(512);
    assertThat(c.input().cropSize()).isEqualTo(1024);
    assertThat(c.input().batchSize()).isEqualTo(1);
  }
}
