package dev.segtpu.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Helm cannot read files outside the chart folder, so the chart carries copies of the CRD, the
 * dashboards, the alert rules and the price table. Each must stay byte-for-byte the file it copies
 * (copy it again when this fails).
 */
class ChartCopiesTest {

  @ParameterizedTest(name = "{0} is a copy of {1}")
  @CsvSource({
      "crds/segmentationtrainingjobs.segtpu.dev-v1.yml, crds/segmentationtrainingjobs.segtpu.dev-v1.yml",
      "files/dashboards/segtpu-fleet.json, dashboards/segtpu-fleet.json",
      "files/dashboards/segtpu-job.json, dashboards/segtpu-job.json",
      "files/alerts/segtpu-alerts.yaml, dashboards/alerts/segtpu-alerts.yaml",
      "files/price-table.yaml, operator/api/src/main/resources/dev/segtpu/tpu/default-price-table.yaml",
  })
  void chartFileIsIdenticalToTheRepositoryFileItShips(String inChart, String inRepository) throws IOException {
    Path copy = SegtpuChart.CHART.resolve(inChart);
    Path original = SegtpuChart.REPOSITORY.resolve(inRepository);

    assertThat(Files.isSymbolicLink(copy)).as("a copy, not a link").isFalse();
    assertThat(Files.readString(copy)).as("cp %s helm/segtpu-operator/%s", inRepository, inChart)
        .isEqualTo(Files.readString(original));
  }

  @Test
  void everyDashboardOfTheRepositoryIsShipped() throws IOException {
    try (Stream<Path> dashboards = Files.list(SegtpuChart.REPOSITORY.resolve("dashboards"))) {
      assertThat(dashboards.map(p -> p.getFileName().toString()).filter(name -> name.endsWith(".json")))
          .allSatisfy(name -> assertThat(SegtpuChart.CHART.resolve("files/dashboards").resolve(name)).exists());
    }
  }
}
