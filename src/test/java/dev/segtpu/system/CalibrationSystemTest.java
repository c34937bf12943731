package dev.segtpu.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.segtpu.api.Phase;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.operator.calibration.ThroughputRecorder;
import dev.segtpu.operator.plan.Calibration;
import dev.segtpu.operator.testing.RequiredTool;
import dev.segtpu.sandbox.Kubectl;
import dev.segtpu.sandbox.Sandbox;
import dev.segtpu.sandbox.SandboxOptions;
import dev.segtpu.sandbox.cli.SegtpuCommand;
import dev.segtpu.sandbox.nodepool.NodePoolSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The planner learns from jobs that really ran: in the sandbox (whose operator records throughput, as the
 * chart's does), three stand-in jobs of one configuration succeed, the ConfigMap holds their measured
 * images/s; {@code segtpu plan} with that ConfigMap (saved with kubectl) plans the configuration at the
 * measured speed, and the next job of that configuration is estimated from the measurement instead of
 * the reference table.
 */
class CalibrationSystemTest {

  @TempDir
  Path root;

  @Test
  void afterThreeJobsOfAConfigurationSucceedThePlanAndTheNextJobsEstimateUseTheirMeasuredThroughput() throws IOException,
      InterruptedException {
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.of(root, List.of(NodePoolSpec.parse("v5e:1x1:spot:3"))))) {
      SandboxJobs jobs = new SandboxJobs(sandbox);
      SegmentationTrainingJob first = jobs.create(job("measured-0"));
      assertThat(first.getMetadata().getName()).isEqualTo("measured-0");
      SegmentationTrainingJob admitted = jobs.awaitJob("measured-0", Duration.ofSeconds(60),
          j -> j.getStatus() != null && j.getStatus().estimate != null);
      assertThat(admitted.getStatus().estimate.basis).as("no measurement yet").doesNotContain("finished jobs");
      jobs.create(job("measured-1"));
      jobs.create(job("measured-2"));
      double reported = 0;
      for (int i = 0; i < 3; i++) {
        SegmentationTrainingJob done = jobs.awaitFinished("measured-" + i, Duration.ofSeconds(120));
        assertThat(done.getStatus().phase).isEqualTo(Phase.Succeeded);
        reported = done.getStatus().throughput.imagesPerSecond;
      }
      jobs.awaitConfigMap(ThroughputRecorder.NAME, Duration.ofSeconds(30), map -> count(map) == 3);

      // what a user does: save the ConfigMap with kubectl and plan with it
      RequiredTool.require(Kubectl.available(), "kubectl is not on PATH");
      Kubectl.Result saved = new Kubectl(sandbox.kubeconfig()).run("get", "configmap", ThroughputRecorder.NAME, "-o", "yaml");
      assertThat(saved.exit()).as(saved.err()).isZero();
      Path calibration = Files.writeString(root.resolve("calibration.yaml"), saved.out());
      Path manifest = Files.writeString(root.resolve("job.yaml"), Serialization.asYaml(job("planned")));
      JsonNode before = planRow(manifest);
      JsonNode after = planRow(manifest, "--calibration", calibration.toString());
      assertThat(before.get("throughputSource").asText()).isNotEqualTo("measured");
      assertThat(after.get("throughputSource").asText()).isEqualTo("measured");
      assertThat(after.get("imagesPerSecond").asDouble()).as("within 10 %% of the measured %s images/s", reported)
          .isCloseTo(reported, Percentage.withPercentage(10));

      jobs.create(job("estimated"));
      SegmentationTrainingJob next = jobs.awaitJob("estimated", Duration.ofSeconds(60),
          j -> j.getStatus() != null && j.getStatus().estimate != null);
      assertThat(next.getStatus().estimate.basis)
          .contains("measured: mean of 3 finished jobs on this configuration")
          .contains(String.format(Locale.ROOT, "at %.1f images/s", reported));
    }
  }

  /** The plan's row for the job's own slice and provisioning (v5e-1 Spot), from {@code segtpu plan -o json}. */
  private static JsonNode planRow(Path manifest, String... more) throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = SegtpuCommand.commandLine();
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    List<String> args = new ArrayList<>(List.of("plan", "-f", manifest.toString(), "--generations", "v5e", "-o", "json"));
    args.addAll(List.of(more));
    assertThat(command.execute(args.toArray(String[]::new))).as(err.toString()).isZero();
    for (JsonNode row : new ObjectMapper().readTree(out.toString()).get("options")) {
      if (row.get("slice").asText().equals("v5e-1") && row.get("provisioning").asText().equals("spot")) {
        return row;
      }
    }
    throw new AssertionError("no v5e-1 spot row in " + out);
  }

  private static long count(ConfigMap map) {
    return map.getData() == null ? 0
        : Calibration.fromData(map.getData()).points().values().stream().mapToLong(Calibration.Point::count).sum();
  }

  private SegmentationTrainingJob job(String name) {
    return SandboxJobs.quickStandIn(name, 40, root.resolve("checkpoints"));
  }
}
