package dev.segtpu.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.sandbox.Kubectl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The real kubectl binary as the client of the sandbox API server. */
class KubectlAgainstSandboxTest {

  private static final Path REPO = Path.of("..", "..");

  @TempDir
  static Path work;

  @RegisterExtension
  static final CrdApiServer API = CrdApiServer.forKubectl();

  @Test
  void applyGetWithPrinterColumnsAndDelete() throws Exception {
    Kubectl.Result applied = kubectl("apply", "-f", REPO.resolve("examples/quick-deeplab-synthetic.yaml").toString());
    assertThat(applied.exit()).as(applied.toString()).isZero();
    assertThat(applied.out()).contains("segmentationtrainingjob.segtpu.dev/quick-deeplab created");

    Kubectl.Result listed = kubectl("get", "stj");
    assertThat(listed.exit()).as(listed.toString()).isZero();
    String header = listed.out().lines().findFirst().orElseThrow();
    assertThat(header.split("\\s+")).contains("NAME", "PHASE", "MODEL", "TPU", "PROGRESS", "COST", "AGE");
    assertThat(listed.out()).contains("quick-deeplab").contains("deeplabv3plus");

    Kubectl.Result field = kubectl("get", "segjob", "quick-deeplab", "-o", "jsonpath={.spec.tpu.topology}");
    assertThat(field.out()).isEqualTo("1x1");

    Kubectl.Result deleted = kubectl("delete", "segmentationtrainingjob", "quick-deeplab");
    assertThat(deleted.exit()).as(deleted.toString()).isZero();
    Kubectl.Result gone = kubectl("get", "stj", "quick-deeplab");
    assertThat(gone.exit()).isNotZero();
    assertThat(gone.err()).contains("NotFound").contains("quick-deeplab");
  }

  @Test
  void invalidManifestIsRefusedNamingTheField() throws Exception {
    String manifest = Files.readString(REPO.resolve("examples/quick-deeplab-synthetic.yaml"))
        .replace("name: quick-deeplab", "name: bad-topology")
        .replace("topology: 1x1", "topology: 2x2x2");
    Path file = Files.writeString(work.resolve("bad.yaml"), manifest);

    Kubectl.Result refused = kubectl("apply", "-f", file.toString());

    assertThat(refused.exit()).isNotZero();
    assertThat(refused.err()).contains("is invalid").contains("spec.tpu.topology").contains("3-D topology");
    assertThat(kubectl("get", "stj", "bad-topology").exit()).as("nothing was stored").isNotZero();
  }

  @Test
  void applyWithValidationOffStoresTheObjectWithoutItsUndeclaredFields() throws Exception {
    Path file = Files.writeString(work.resolve("unknown-fields.yaml"), withUnknownFields("unknown-fields"));

    Kubectl.Result applied = kubectl("apply", "--validate=false", "-f", file.toString());

    assertThat(applied.exit()).as(applied.toString()).isZero();
    Kubectl.Result spec = kubectl("get", "stj", "unknown-fields", "-o", "jsonpath={.spec}");
    assertThat(spec.exit()).as(spec.toString()).isZero();
    assertThat(spec.out()).doesNotContain("unexpectedField").doesNotContain("readOnly")
        .contains("\"outputStride\":16").contains("\"path\":\"/tmp/segtpu/checkpoints\"");
  }

  private static String withUnknownFields(String name) throws IOException {
    return Files.readString(REPO.resolve("examples/quick-deeplab-synthetic.yaml"))
        .replace("name: quick-deeplab", "name: " + name)
        .replace("spec:\n", "spec:\n  unexpectedField:\n    a: 1\n")
        .replace("        path: /tmp/segtpu/checkpoints\n", "        path: /tmp/segtpu/checkpoints\n        readOnly: true\n");
  }

  private static Kubectl.Result kubectl(String... args) throws InterruptedException {
    return new Kubectl(API.kubeconfig()).run(args);
  }
}
