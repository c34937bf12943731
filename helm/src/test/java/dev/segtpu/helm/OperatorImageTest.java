package dev.segtpu.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.operator.OperatorMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * operator/Dockerfile cannot be built here (no container engine); these checks keep it consistent with
 * the operator and with what the chart expects of the image.
 */
class OperatorImageTest {

  private static final Path DOCKERFILE = SegtpuChart.REPOSITORY.resolve("operator/Dockerfile");

  @TempDir
  Path work;

  private static List<String> instructions() throws IOException {
    // join continuation lines, drop comments
    return List.of(Files.readString(DOCKERFILE).replace("\\\n", " ").split("\n")).stream()
        .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
  }

  @Test
  void buildsInOneStageAndRunsOnAJreInAnother() throws IOException {
    List<String> stages = instructions().stream().filter(line -> line.startsWith("FROM ")).toList();

    assertThat(stages).hasSize(2);
    assertThat(stages.get(0)).startsWith("FROM maven:").endsWith(" AS build");
    assertThat(stages.get(1)).contains("-jre");
  }

  @Test
  void runsAsTheNonRootUserTheChartRunsItAs() throws IOException {
    RenderedChart chart = SegtpuChart.with(ChartValues.defaults(), work).render();
    long chartUser = chart.deployment().getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser();

    assertThat(instructions()).filteredOn(line -> line.startsWith("USER ")).singleElement()
        .isEqualTo("USER " + chartUser + ":" + chartUser);
    assertThat(chartUser).isNotZero();
  }

  @Test
  void entrypointStartsOperatorMainAndExposesTheChartsMetricsPort() throws IOException {
    RenderedChart chart = SegtpuChart.with(ChartValues.defaults(), work).render();

    assertThat(instructions()).filteredOn(line -> line.startsWith("ENTRYPOINT ")).singleElement().satisfies(entrypoint -> {
      assertThat(entrypoint).startsWith("ENTRYPOINT [\"java\"").contains("\"" + OperatorMain.class.getName() + "\"");
      assertThat(entrypoint).as("no hsperfdata files on a read-only root filesystem").contains("-XX:-UsePerfData");
    });
    assertThat(instructions()).contains("EXPOSE " + chart.operatorContainer().getPorts().get(0).getContainerPort());
  }
}
