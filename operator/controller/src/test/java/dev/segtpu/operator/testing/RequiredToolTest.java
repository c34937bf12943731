package dev.segtpu.operator.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RequiredToolTest {

  @Test
  void aPresentToolLetsTheTestRunWithOrWithoutCi() {
    assertThatCode(() -> RequiredTool.require(true, "kubectl is not on PATH", Map.of("CI", "true"))).doesNotThrowAnyException();
    assertThatCode(() -> RequiredTool.require(true, "kubectl is not on PATH", Map.of())).doesNotThrowAnyException();
  }

  @Test
  void aMissingToolUnderCiFailsTheTestSayingWhatToInstall() {
    assertThatThrownBy(() -> RequiredTool.require(false, "kubectl is not on PATH", Map.of("CI", "true")))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("kubectl is not on PATH")
        .hasMessageContaining(".ci/run installs it");
  }

  @Test
  void aMissingToolOutsideCiSkipsTheTest() {
    assertThatThrownBy(() -> RequiredTool.require(false, "promtool not found", Map.of()))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("promtool not found");
  }

  @Test
  void anEmptyCiVariableCountsAsUnset() {
    assertThatThrownBy(() -> RequiredTool.require(false, "prometheus not found", Map.of("CI", "")))
        .isInstanceOf(TestAbortedException.class);
  }
}
