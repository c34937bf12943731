package dev.segtpu.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code helm lint --strict} (warnings fail too) for every values combination, and values.schema.json at work. */
class ChartLintTest {

  @TempDir
  Path work;

  static List<ChartValues> combinations() {
    return ChartValues.combinations();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("combinations")
  void strictLintPassesForEveryValuesCombination(ChartValues values) {
    LintResult result = SegtpuChart.with(values, work).lintStrict();

    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void schemaRefusesAWritableRootFilesystem() {
    LintResult result = SegtpuChart.with(ChartValues.defaults().with("securityContext.readOnlyRootFilesystem", false), work)
        .lintStrict();

    assertThat(result.isFailed()).isTrue();
    assertThat(String.join("\n", result.getMessages())).contains("readOnlyRootFilesystem");
  }

  @Test
  void schemaRefusesAnOperatorSettingTheOperatorDoesNotHave() {
    LintResult result = SegtpuChart.with(ChartValues.defaults().with("operator.pollEverySecond", true), work).lintStrict();

    assertThat(result.isFailed()).isTrue();
    assertThat(String.join("\n", result.getMessages())).contains("pollEverySecond");
  }

  @Test
  void schemaRefusesZeroReplicas() {
    LintResult result = SegtpuChart.with(ChartValues.defaults().with("replicas", 0), work).lintStrict();

    assertThat(result.isFailed()).isTrue();
    assertThat(String.join("\n", result.getMessages())).contains("replicas");
  }
}
