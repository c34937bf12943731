package dev.segtpu.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.contract.TrainerExit;
import dev.segtpu.trainer.dataset.SyntheticShards;
import dev.segtpu.trainer.input.tfrecord.TfRecordWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real {@link TrainerMain#run} calls: the exit code the operator acts on, and the reason it quotes. */
class TrainerMainExitCodeTest {

  private static final String TRAIN = "train-*.tfrecord";
  private static final String EVAL = "val-*.tfrecord";

  @TempDir
  Path dir;

  /** What one run left behind: its exit code, its standard error and the termination message's error. */
  private record Exit(int code, String log, String error) {}

  private static Exit capture(Map<String, String> environment, String... args) throws IOException {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = TrainerMain.run(environment, args);
    } finally {
      System.setErr(original);
    }
    String log = err.toString(StandardCharsets.UTF_8);
    original.print(log);
    List<String> list = List.of(args);
    int at = list.indexOf("--termination-message-path");
    String error = at >= 0 && Files.exists(Path.of(list.get(at + 1)))
        ? TrainerRun.json(Path.of(list.get(at + 1))).path("error").asText() : "";
    return new Exit(code, log, error);
  }

  /** A tiny DeepLab on VOC TFRecords in {@code dataDir}; fails before or during its two steps when the data is bad. */
  private Exit trainOn(Path dataDir) throws IOException {
    List<String> args = new ArrayList<>(List.of("--checkpoint-dir", dir.resolve("checkpoints").toString(),
        "--total-steps", "2", "--dataset-format", "voc-tfrecord", "--data-dir", dataDir.toString(),
        "--train-file-pattern", TRAIN, "--eval-file-pattern", EVAL, "--num-classes", "21",
        "--batch-size", "2", "--image-size", "32", "--width-multiplier", "0.25", "--max-block-repeats", "1",
        "--aspp-channels", "8", "--decoder-channels", "8", "--low-level-channels", "4",
        "--status-port", "0", "--bind-address", "127.0.0.1",
        "--termination-message-path", dir.resolve("termination-log").toString()));
    return capture(Map.of(), args.toArray(String[]::new));
  }

  private Path shards(String split) {
    Path data = dir.resolve("data");
    SyntheticShards.write(data.resolve(split + "-tmp"), 4, 1, 40, 40, 21, "png");
    try {
      Files.move(data.resolve(split + "-tmp").resolve("train-00000-of-00001.tfrecord"),
          data.resolve(split + "-00000-of-00001.tfrecord"));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return data;
  }

  private Path goodData() {
    shards("train");
    return shards("val");
  }

  @Test
  void aConfigurationErrorExitsWithTwoAndNamesTheSetting() throws IOException {
    Exit exit = capture(Map.of("SEGTPU_WORKER_COUNT", "2", "SEGTPU_TOTAL_STEPS", "10",
        "SEGTPU_CHECKPOINT_DIR", "/tmp/unused"));
    assertThat(exit.code()).isEqualTo(TrainerExit.CONFIGURATION_ERROR.code());
    assertThat(exit.log()).contains("configuration error: SEGTPU_PEER_HOSTNAMES (--peer-hostnames): must list one host name per worker");
  }

  @Test
  void aFlagChangingAVariableTheOperatorSetExitsWithTwoNamingBoth() throws IOException {
    Exit exit = capture(Map.of("SEGTPU_ATTEMPT", "2", "SEGTPU_TOTAL_STEPS", "10",
        "SEGTPU_CHECKPOINT_DIR", dir.resolve("checkpoints").toString()), "--attempt=999");
    assertThat(exit.code()).isEqualTo(TrainerExit.CONFIGURATION_ERROR.code());
    assertThat(exit.log()).contains("configuration error: flag --attempt=999 contradicts SEGTPU_ATTEMPT=2");
  }

  @Test
  void resumingFromAJobWithoutACommittedCheckpointExitsWithTwoNamingTheDirectory() throws IOException {
    Path earlier = Files.createDirectories(dir.resolve("ml/base/uid-a"));
    Files.createDirectories(earlier.resolve("ckpt-000000000002-a1")); // a save that never committed
    Path message = dir.resolve("termination-log");
    Exit exit = capture(Map.of("SEGTPU_RESUME_FROM_DIR", earlier.getParent().toString()),
        "--checkpoint-dir", dir.resolve("ml/finetune/uid-b").toString(), "--total-steps", "2",
        "--status-port", "0", "--bind-address", "127.0.0.1", "--termination-message-path", message.toString());
    assertThat(exit.code()).isEqualTo(TrainerExit.CONFIGURATION_ERROR.code());
    assertThat(exit.error()).isEqualTo("configuration error: SEGTPU_RESUME_FROM_DIR (--resume-from-dir): "
        + earlier.getParent() + " holds no committed checkpoint: spec.checkpoint.resumeFrom names a job with no committed checkpoint");
    assertThat(exit.log()).contains(exit.error());
  }

  @Test
  void aMissingDataDirectoryIsADataErrorNamingTheDirectory() throws IOException {
    Path missing = dir.resolve("not-mounted");
    Exit exit = trainOn(missing);
    assertThat(exit.code()).isEqualTo(TrainerExit.DATA_ERROR.code());
    assertThat(exit.log()).contains("data error: data directory " + missing + " does not exist");
    assertThat(exit.error()).startsWith("data error: ").contains(missing.toString()).contains("does not exist");
  }

  @Test
  void aTrainingPatternMatchingNothingIsADataErrorNamingThePattern() throws IOException {
    Path data = shards("val");
    Exit exit = trainOn(data);
    assertThat(exit.code()).isEqualTo(TrainerExit.DATA_ERROR.code());
    assertThat(exit.log()).contains("data error: no files in " + data + " match the pattern '" + TRAIN + "'");
    assertThat(exit.error()).contains("match the pattern '" + TRAIN + "'");
  }

  @Test
  void anEvaluationPatternMatchingNothingIsADataErrorBeforeTraining() throws IOException {
    Path data = shards("train");
    Exit exit = trainOn(data);
    assertThat(exit.code()).isEqualTo(TrainerExit.DATA_ERROR.code());
    assertThat(exit.error()).contains("match the pattern '" + EVAL + "'");
    assertThat(dir.resolve("checkpoints").resolve("steps.jsonl")).doesNotExist();
  }

  @Test
  void aRecordWithABadChecksumIsADataErrorNamingTheFileAndOffset() throws IOException {
    Path data = goodData();
    Path shard = data.resolve("train-00000-of-00001.tfrecord");
    try (RandomAccessFile file = new RandomAccessFile(shard.toFile(), "rw")) {
      file.seek(40);
      int b = file.read();
      file.seek(40);
      file.write(b ^ 0xff);
    }
    Exit exit = trainOn(data);
    assertThat(exit.code()).isEqualTo(TrainerExit.DATA_ERROR.code());
    assertThat(exit.log()).contains("data error: " + shard + " at byte offset 0: record data CRC mismatch");
    assertThat(exit.error()).contains(shard + " at byte offset 0: record data CRC mismatch");
  }

  @Test
  void aTruncatedShardIsADataErrorNamingTheFile() throws IOException {
    Path data = goodData();
    Path shard = data.resolve("train-00000-of-00001.tfrecord");
    try (RandomAccessFile file = new RandomAccessFile(shard.toFile(), "rw")) {
      file.setLength(file.length() - 3);
    }
    Exit exit = trainOn(data);
    assertThat(exit.code()).isEqualTo(TrainerExit.DATA_ERROR.code());
    assertThat(exit.error()).contains(shard.toString()).contains("truncated record");
  }

  @Test
  void aRecordThatIsNotAnExampleIsADataErrorNamingTheFile() throws IOException {
    Path data = shards("val");
    Path shard = data.resolve("train-00000-of-00001.tfrecord");
    try (TfRecordWriter writer = new TfRecordWriter(shard)) {
      for (int i = 0; i < 4; i++) {
        writer.write("not a tf.train.Example".getBytes(StandardCharsets.UTF_8));
      }
    }
    Exit exit = trainOn(data);
    assertThat(exit.code()).isEqualTo(TrainerExit.DATA_ERROR.code());
    assertThat(exit.log()).contains("data error: " + shard + " at byte offset ");
    assertThat(exit.error()).contains(shard.toString()).contains("not a tf.train.Example");
  }
}
