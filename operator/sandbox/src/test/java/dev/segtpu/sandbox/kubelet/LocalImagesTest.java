package dev.segtpu.sandbox.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LocalImagesTest {

  private static final Path DOCKERFILE = Path.of("..", "..", "trainer-image", "Dockerfile");
  private static final Pattern ASSIGNMENT = Pattern.compile("([A-Z_]+)=(\\S+)");

  private final LocalImages images = new LocalImages("unused", List.of());

  @Test
  void theTrainerImageRunsWithTheEnvironmentItsDockerfileSets() throws IOException {
    Map<String, String> dockerfileEnv = new HashMap<>();
    for (String line : Files.readAllLines(DOCKERFILE)) {
      if (line.startsWith("ENV ")) {
        Matcher assignment = ASSIGNMENT.matcher(line.substring(4));
        while (assignment.find()) {
          dockerfileEnv.put(assignment.group(1), assignment.group(2));
        }
      }
    }

    var trainer = new ContainerBuilder().withName("trainer").withImage("ghcr.io/segtpu/segtpu-trainer:0.1.0").build();
    var other = new ContainerBuilder().withName("x").withImage("busybox:1.36").build();

    assertThat(dockerfileEnv).isNotEmpty();
    assertThat(images.imageEnvironment(trainer)).isEqualTo(dockerfileEnv);
    assertThat(images.imageEnvironment(other)).isEmpty();
  }
}
