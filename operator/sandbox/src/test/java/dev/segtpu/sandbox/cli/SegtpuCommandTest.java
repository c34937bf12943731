package dev.segtpu.sandbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What `segtpu sandbox run` says about input it cannot use: one line that names the file or option and
 * what to fix, exit code 2, no stack trace, and no sandbox started.
 */
class SegtpuCommandTest {

  static final Path EXAMPLE = Path.of("../../examples/quick-deeplab-synthetic.yaml").toAbsolutePath().normalize();

  @TempDir
  Path dir;

  record Outcome(int exitCode, String err) {}

  Outcome run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine command = SegtpuCommand.commandLine();
    command.setErr(new PrintWriter(err, true));
    command.setOut(new PrintWriter(new StringWriter(), true));
    int exitCode = command.execute(args);
    return new Outcome(exitCode, err.toString());
  }

  Outcome runManifest(String text) throws IOException {
    Path file = Files.writeString(dir.resolve("job.yaml"), text);
    return run("sandbox", "run", "--root", dir.resolve("sandbox").toString(), file.toString());
  }

  static String example() throws IOException {
    return Files.readString(EXAMPLE);
  }

  @Test
  void missingFile() {
    Outcome outcome = run("sandbox", "run", dir.resolve("nope.yaml").toString());
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err()).isEqualTo("segtpu: " + dir.resolve("nope.yaml") + ": no such file" + System.lineSeparator());
  }

  @Test
  void notYaml() throws IOException {
    Outcome outcome = runManifest("spec: [unclosed\n  model: {\n");
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err()).isEqualTo("segtpu: " + dir.resolve("job.yaml") + " is not a valid YAML or JSON manifest: while parsing a"
        + " flow sequence at line 1, column 7; expected ',' or ']', but got : at line 2, column 8" + System.lineSeparator());
  }

  @Test
  void anotherKind() throws IOException {
    Outcome outcome = runManifest("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: []\n");
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err()).contains("holds kind Pod (apiVersion v1); it needs apiVersion: segtpu.dev/v1alpha1 and kind: SegmentationTrainingJob");
  }

  @Test
  void severalDocuments() throws IOException {
    Outcome outcome = runManifest(example() + "\n---\n" + example());
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err()).contains("holds 2 documents; give it one SegmentationTrainingJob");
  }

  @Test
  void noName() throws IOException {
    Outcome outcome = runManifest(example().replace("name: quick-deeplab", "labels: {}"));
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err()).contains("metadata.name is missing");
  }

  @Test
  void invalidSpecNamesTheFieldAndStartsNothing() throws IOException {
    Outcome outcome = runManifest(example().replaceFirst("topology: \\S+", "topology: 3x3"));
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err()).contains("is invalid:").contains("spec.tpu.topology");
    assertThat(dir.resolve("sandbox")).doesNotExist();
  }

  @Test
  void malformedNodePoolIsAUsageError() throws IOException {
    Path file = Files.writeString(dir.resolve("job.yaml"), example());
    Outcome unknownGeneration = run("sandbox", "run", "--node-pool", "v9:2x4:spot", file.toString());
    assertThat(unknownGeneration.exitCode()).isEqualTo(2);
    assertThat(unknownGeneration.err()).contains("node pool 'v9:2x4:spot': unknown TPU generation 'v9'; valid: v2, v3, v4, v5e");
    Outcome badTopology = run("sandbox", "run", "--node-pool", "v5e:3x3:spot", file.toString());
    assertThat(badTopology.exitCode()).isEqualTo(2);
    assertThat(badTopology.err()).contains("topology 3x3 is not offered for TPU v5e; valid: ");
    Outcome badSlices = run("sandbox", "run", "--node-pool", "v5e:2x4:spot:two", file.toString());
    assertThat(badSlices.exitCode()).isEqualTo(2);
    assertThat(badSlices.err()).contains("SLICES must be a whole number of at least 1");
  }

  @Test
  void upOnATakenPortSaysSo() throws IOException {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Outcome outcome = run("sandbox", "up", "--port", Integer.toString(taken.getLocalPort()), "--node-pool", "v5e:1x1:spot",
          "--root", dir.resolve("sandbox").toString());
      assertThat(outcome.exitCode()).isEqualTo(2);
      assertThat(outcome.err()).isEqualTo("segtpu: port " + taken.getLocalPort() + " on 127.0.0.1 is in use (another sandbox?);"
          + " stop what holds it or pick another with --port" + System.lineSeparator());
    }
  }

  @Test
  void theExampleReadsAsAJob() {
    var job = JobManifest.read(EXAMPLE);
    assertThat(job.getMetadata().getName()).isEqualTo("quick-deeplab");
    assertThat(job.getSpec().tpu.topology).isNotBlank();
  }

  @Test
  void aRunShowsOnlyItsProgressAndSummaryAndNamesTheFileWithTheComponentsLogs() throws Exception {
    String manifest = """
        apiVersion: segtpu.dev/v1alpha1
        kind: SegmentationTrainingJob
        metadata:
          name: quiet
        spec:
          model: {architecture: deeplabv3plus, numClasses: 4, imageSize: 64}
          dataset: {format: synthetic, trainExamples: 64}
          training: {steps: 60, batchSize: 8}
          tpu: {generation: v5e, topology: 1x1, provisioning: spot}
          checkpoint: {storage: {hostPath: {path: /tmp/replaced-per-run}}, interval: 20steps}
          trainer:
            image: segtpu-standin
            env: [{name: STANDIN_STEP_MILLIS, value: "20"}]
        """;
    Path file = Files.writeString(dir.resolve("quiet.yaml"), manifest);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream stdout = System.out;
    int exit;
    System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      // the CLI's default root is a hidden folder (.segtpu-sandbox): the checkpoint path it writes must pass validation
      exit = run("sandbox", "run", "--root", dir.resolve(".segtpu-sandbox").toString(), "--timeout", "2m", file.toString())
          .exitCode();
    } finally {
      System.setOut(stdout);
    }
    String shown = out.toString(java.nio.charset.StandardCharsets.UTF_8);

    assertThat(exit).as(shown).isZero();
    assertThat(shown).doesNotContain(" INFO ").doesNotContain(" WARN ").doesNotContain("[sandbox-kubelet")
        .doesNotContain("Operator SDK").contains("Succeeded").contains("logs: ");
    String logLine = shown.lines().filter(l -> l.startsWith("logs: ")).findFirst().orElseThrow();
    Path log = Path.of(logLine.substring("logs: ".length(), logLine.indexOf(" (operator")));
    assertThat(Files.readString(log)).as("the components' lines are in the file").contains("INFO");
  }

  @Test
  void aRunOfAJobOfTwoSlicesStartsASandboxWithTwoSlicesOfItsShape() throws Exception {
    String manifest = """
        apiVersion: segtpu.dev/v1alpha1
        kind: SegmentationTrainingJob
        metadata:
          name: pair
        spec:
          model: {architecture: deeplabv3plus, numClasses: 4, imageSize: 64}
          dataset: {format: synthetic, trainExamples: 64}
          training: {steps: 40, batchSize: 8}
          tpu: {generation: v5e, topology: 1x1, provisioning: spot, slices: 2}
          checkpoint: {storage: {hostPath: {path: /tmp/replaced-per-run}}, interval: 20steps}
          trainer:
            image: segtpu-standin
            env: [{name: STANDIN_STEP_MILLIS, value: "20"}]
        """;
    Path file = Files.writeString(dir.resolve("pair.yaml"), manifest);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream stdout = System.out;
    int exit;
    System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      exit = run("sandbox", "run", "--root", dir.resolve(".segtpu-sandbox").toString(), "--timeout", "2m", file.toString())
          .exitCode();
    } finally {
      System.setOut(stdout);
    }
    String shown = out.toString(java.nio.charset.StandardCharsets.UTF_8);

    assertThat(exit).as("a single slice would leave the job unschedulable: %s", shown).isZero();
    assertThat(shown).contains("Succeeded");
  }
}
