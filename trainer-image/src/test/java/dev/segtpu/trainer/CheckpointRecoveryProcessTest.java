package dev.segtpu.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.segtpu.contract.TrainerExit;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real trainer processes where restoring is not the ordinary case: every committed checkpoint damaged
 * (exit 5 unless the job chose to start over), and a new job resuming from an earlier job's checkpoints.
 */
class CheckpointRecoveryProcessTest {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  @TempDir
  Path root;

  private static long firstStepOf(Path dir, int attempt) throws IOException {
    return TrainerRun.entries(dir).stream().filter(e -> e.get("attempt").asInt() == attempt).findFirst().orElseThrow()
        .get("step").asLong();
  }

  @Test
  void whenEveryCommittedCheckpointIsDamagedTheTrainerExitsWithFiveAndStartsOverOnlyWhenAsked() throws Exception {
    Path dir = root.resolve("job");
    TrainerRun first = TrainerRun.start(dir, 1, 4, "--checkpoint-interval", "2steps");
    assertThat(first.waitForExit(TIMEOUT)).as(first.log()).isEqualTo(TrainerExit.SUCCEEDED.code());
    List<String> committed = TrainerRun.committed(dir);
    assertThat(committed).containsExactly("ckpt-000000000002-a1", "ckpt-000000000004-a1");
    for (String name : committed) {
      try (Stream<Path> files = Files.list(dir.resolve(name))) {
        Path data = files.filter(p -> p.getFileName().toString().startsWith("variables.data")).findFirst().orElseThrow();
        try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "rw")) {
          file.setLength(file.length() / 2);
        }
      }
    }

    Path message = root.resolve("termination-log");
    TrainerRun second = TrainerRun.start(dir, 2, 6, "--checkpoint-interval", "2steps",
        "--termination-message-path", message.toString());
    assertThat(second.waitForExit(TIMEOUT)).as(second.log()).isEqualTo(TrainerExit.CHECKPOINT_UNRESTORABLE.code());
    assertThat(second.log()).contains("checkpoints unrestorable: 2 committed checkpoint(s) in " + dir + " and none restores");
    JsonNode status = TrainerRun.json(message);
    assertThat(status.path("phase").asText()).isEqualTo("failed");
    assertThat(status.path("error").asText()).startsWith("checkpoints unrestorable: ").contains(dir.toString())
        .contains("ckpt-000000000004-a1: variables.data-00000-of-00001 has ")
        .contains("ckpt-000000000002-a1: variables.data-00000-of-00001 has ")
        .contains("SEGTPU_CHECKPOINT_ON_UNRESTORABLE=start-over");
    assertThat(TrainerRun.committed(dir)).as("the evidence is kept").isEqualTo(committed);

    TrainerRun third = TrainerRun.start(dir, 3, 2, Map.of("SEGTPU_CHECKPOINT_ON_UNRESTORABLE", "start-over"));
    assertThat(third.waitForExit(TIMEOUT)).as(third.log()).isEqualTo(TrainerExit.SUCCEEDED.code());
    assertThat(third.log()).contains("starting over from step 0");
    assertThat(firstStepOf(dir, 3)).isEqualTo(1);
  }

  @Test
  void aJobResumesFromTheNewestCheckpointOfAnEarlierJobAndLeavesItsDirectoryUntouched() throws Exception {
    Path earlierJob = root.resolve("checkpoints/ml/base");
    Path earlier = earlierJob.resolve("uid-a");
    TrainerRun a = TrainerRun.start(earlier, 1, 4, "--checkpoint-interval", "2steps");
    assertThat(a.waitForExit(TIMEOUT)).as(a.log()).isEqualTo(TrainerExit.SUCCEEDED.code());
    Map<String, String> before = digests(earlierJob);

    Path own = root.resolve("checkpoints/ml/finetune/uid-b");
    TrainerRun b = TrainerRun.start(own, 1, 6, Map.of("SEGTPU_RESUME_FROM_DIR", earlierJob.toString()),
        "--checkpoint-interval", "2steps");
    assertThat(b.waitForExit(TIMEOUT)).as(b.log()).isEqualTo(TrainerExit.SUCCEEDED.code());
    assertThat(b.log()).contains("restored step 4 (attempt 1) from " + earlier.resolve("ckpt-000000000004-a1"));
    assertThat(firstStepOf(own, 1)).isEqualTo(5);
    assertThat(TrainerRun.committed(own)).contains("ckpt-000000000006-a1");
    assertThat(digests(earlierJob)).as("the earlier job's files, byte for byte").isEqualTo(before);
  }

  /** SHA-256 of every file under {@code dir}, by relative path (the log sits beside, not under, it). */
  private static Map<String, String> digests(Path dir) throws IOException, NoSuchAlgorithmException {
    Map<String, String> digests = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        digests.put(dir.relativize(file).toString(),
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
      }
    }
    return digests;
  }
}
