package dev.segtpu.sandbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code segtpu plan} on the example manifests: the table names the cheapest and the fastest and marks
 * the budget, JSON and YAML parse into the same figures, and input it cannot use is one line and exit 2.
 */
class PlanCommandTest {

  static final Path EXAMPLES = Path.of("../../examples").toAbsolutePath().normalize();

  @TempDir
  Path dir;

  record Outcome(int exitCode, String out, String err) {}

  Outcome run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = SegtpuCommand.commandLine();
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    int exitCode = command.execute(args);
    return new Outcome(exitCode, out.toString(), err.toString());
  }

  static String example(String name) {
    return EXAMPLES.resolve(name).toString();
  }

  @Test
  void theTableOfTheDeepLabExampleNamesTheCheapestAndTheFastestAndMarksRowsOverItsBudget() {
    Outcome outcome = run("plan", "-f", example("deeplab-voc.yaml"));

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.err()).isEmpty();
    assertThat(outcome.out()).contains("budget $40.00 (spec.budget.maxCostUSD)").contains("<- cheapest").contains("<- fastest")
        .contains("over budget").contains("Cheapest: ").contains("Fastest: ")
        .contains("Expected accuracy: about 0.74 mIoU").contains("post: DeepLab v3+ on a v2-8 in about 8 h");
  }

  @Test
  void theJsonPlanParsesAndItsCheapestWithinTheDeadlineIsTheCheapestRowThatFinishesInTime() throws IOException {
    Outcome outcome = run("plan", "-f", example("maskrcnn-coco.yaml"), "--generations", "v5e,v5p", "--deadline", "10h",
        "--output", "json");

    assertThat(outcome.exitCode()).isZero();
    JsonNode plan = new ObjectMapper().readTree(outcome.out());
    assertThat(plan.get("deadlineHours").asDouble()).isEqualTo(10.0);
    double cheapestInTime = Double.MAX_VALUE;
    for (JsonNode row : plan.get("options")) {
      assertThat(row.get("generation").asText()).isIn("v5e", "v5p");
      assertThat(row.get("pastDeadline").asBoolean()).isEqualTo(row.get("expectedHours").asDouble() > 10);
      assertThat(row.get("throughputBasis").asText()).isNotBlank();
      if (!row.get("pastDeadline").asBoolean()) {
        cheapestInTime = Math.min(cheapestInTime, row.get("costUSD").asDouble());
      }
    }
    assertThat(plan.get("cheapest").get("costUSD").asDouble()).isEqualTo(cheapestInTime);
    assertThat(plan.get("cheapest").get("expectedHours").asDouble()).isLessThanOrEqualTo(10);
    assertThat(plan.get("expectedAccuracy").asText()).contains("37 box AP");
  }

  @Test
  void theYamlPlanOfTheQuickExampleHasTheSameRowsAsItsJson() throws IOException {
    Outcome yaml = run("plan", "-f", example("quick-deeplab-synthetic.yaml"), "-o", "yaml");
    Outcome json = run("plan", "-f", example("quick-deeplab-synthetic.yaml"), "-o", "json");

    assertThat(yaml.exitCode()).isZero();
    assertThat(new ObjectMapper(new YAMLFactory()).readTree(yaml.out())).isEqualTo(new ObjectMapper().readTree(json.out()));
  }

  @Test
  void anUnknownGenerationIsOneLineListingTheValidOnesAndExit2() {
    Outcome outcome = run("plan", "-f", example("deeplab-voc.yaml"), "--generations", "v5e,v9");

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.out()).isEmpty();
    assertThat(outcome.err()).isEqualTo("segtpu: --generations: unknown TPU generation 'v9'; valid: v2, v3, v4, v5e, v5p, v6e, tpu7x"
        + System.lineSeparator());
  }

  @Test
  void aDeadlineNothingMeetsIsOneLineNamingTheFastestAndExit2() {
    Outcome outcome = run("plan", "-f", example("deeplab-voc.yaml"), "--generations", "v5e", "--deadline", "1m");

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err()).startsWith("segtpu: no configuration finishes within the deadline of 1m; the fastest, v5e-64 8x8 on-demand, takes ")
        .endsWith(": extend --deadline or allow more generations" + System.lineSeparator());
    assertThat(outcome.err().lines()).hasSize(1);
  }

  @Test
  void aDeadlineThatIsNotADurationIsOneLineAndExit2() {
    Outcome outcome = run("plan", "-f", example("deeplab-voc.yaml"), "--deadline", "soon");

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err()).isEqualTo("segtpu: --deadline: 'soon' is not a duration; write e.g. 10h or 90m" + System.lineSeparator());
  }

  @Test
  void aJobNoSliceOfTheChosenGenerationsCanPlaceIsOneLineNamingTheBatchSizeAndExit2() throws IOException {
    String text = Files.readString(EXAMPLES.resolve("quick-deeplab-synthetic.yaml")).replace("batchSize: 8", "batchSize: 2");
    Path file = Files.writeString(dir.resolve("job.yaml"), text);

    Outcome outcome = run("plan", "-f", file.toString(), "--generations", "v5p");

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err()).startsWith("segtpu: no slice of v5p can take spec.training.batchSize 2: ");
    assertThat(outcome.err().lines()).hasSize(1);
  }

  @Test
  void anUnreadableFileIsOneLineAndExit2() {
    Outcome outcome = run("plan", "-f", dir.resolve("nope.yaml").toString());

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err()).isEqualTo("segtpu: " + dir.resolve("nope.yaml") + ": no such file" + System.lineSeparator());
  }

  @Test
  void anUnknownOutputFormatIsOneLineAndExit2() {
    Outcome outcome = run("plan", "-f", example("deeplab-voc.yaml"), "-o", "xml");

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err()).isEqualTo("segtpu: --output: 'xml' is not a format; use table, json or yaml" + System.lineSeparator());
  }

  @Test
  void aCalibrationConfigMapWithThreeFinishedJobsMakesTheirConfigurationRunAtTheMeasuredSpeed() throws IOException {
    Path calibration = Files.writeString(dir.resolve("calibration.yaml"), """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: segtpu-throughput
        data:
          deeplabv3plus.resnet101.513.v5e.8: '{"count":3,"mean":145.0,"m2":50.0}'
        """);

    Outcome outcome = run("plan", "-f", example("deeplab-voc.yaml"), "--generations", "v5e", "--calibration", calibration.toString(),
        "-o", "json");

    assertThat(outcome.exitCode()).isZero();
    JsonNode v5e8 = null;
    for (JsonNode row : new ObjectMapper().readTree(outcome.out()).get("options")) {
      if (row.get("slice").asText().equals("v5e-8") && row.get("provisioning").asText().equals("spot")) {
        v5e8 = row;
      }
    }
    assertThat(v5e8.get("imagesPerSecond").asDouble()).isEqualTo(145.0);
    assertThat(v5e8.get("throughputSource").asText()).isEqualTo("measured");
    assertThat(v5e8.get("trainHours").asDouble()).isEqualTo(Math.round(20_000 * 64 / 145.0 / 3600 * 1000) / 1000.0);
  }

  @Test
  void aCalibrationFileThatIsNotAConfigMapIsOneLineAndExit2() throws IOException {
    Path notAMap = Files.writeString(dir.resolve("pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n");

    Outcome outcome = run("plan", "-f", example("deeplab-voc.yaml"), "--calibration", notAMap.toString());

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err()).isEqualTo("segtpu: --calibration: " + notAMap
        + " holds no ConfigMap; save it with kubectl get configmap segtpu-throughput -o yaml" + System.lineSeparator());
  }
}
