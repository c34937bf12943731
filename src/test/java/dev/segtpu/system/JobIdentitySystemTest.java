package dev.segtpu.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.segtpu.api.CheckpointSpec;
import dev.segtpu.api.Phase;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.StorageSource;
import dev.segtpu.sandbox.Sandbox;
import dev.segtpu.sandbox.SandboxOptions;
import dev.segtpu.sandbox.nodepool.NodePoolSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #15, a job's identity, with the real TensorFlow trainer: a job deleted and re-created under the
 * same name is a new job (its checkpoints live under {@code <namespace>/<name>/<uid>}), so it starts at
 * step 0 and is not fenced by the old one; continuing from the deleted incarnation is explicit
 * ({@code spec.checkpoint.resumeFrom} with its UID), starts from that incarnation's newest checkpoint and
 * leaves its directory exactly as it was.
 */
class JobIdentitySystemTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NAME = "identity";
  private static final Pattern MARKER = Pattern.compile("ckpt-(\\d{12})-a(\\d+)\\.commit\\.json");
  /** Steps of the re-created jobs: few, the real trainer runs on a CPU. */
  private static final long MORE_STEPS = 40;

  @TempDir
  Path root;

  @Test
  void aRecreatedJobStartsCleanAndResumesFromAnEarlierIncarnationOnlyWhenAsked() throws Exception {
    Path storage = root.resolve("checkpoints");
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.of(root, List.of(NodePoolSpec.parse("v5e:1x1:spot"))))) {
      SandboxJobs jobs = new SandboxJobs(sandbox);

      // 1. The first incarnation trains until it has committed a checkpoint, then is deleted.
      SegmentationTrainingJob first = jobs.create(job(storage, 2000));
      String firstUid = first.getMetadata().getUid();
      jobs.awaitJob(NAME, Duration.ofMinutes(3), j -> j.getStatus() != null && j.getStatus().lastCheckpoint != null
          && j.getStatus().lastCheckpoint.step != null && j.getStatus().lastCheckpoint.step >= 20);
      deleteAndAwaitPodsGone(sandbox, jobs);
      Path firstDir = storage.resolve("default").resolve(NAME).resolve(firstUid);
      long newest = newestCommittedStep(firstDir);
      assertThat(newest).as("the first incarnation's newest committed checkpoint").isGreaterThanOrEqualTo(20);
      Map<String, Long> firstFiles = filesAndSizes(firstDir);

      // 2. Same name, no resumeFrom: a new job, from step 0, not fenced by the first one's attempts.
      SegmentationTrainingJob second = jobs.create(job(storage, MORE_STEPS));
      String secondUid = second.getMetadata().getUid();
      assertThat(secondUid).isNotEqualTo(firstUid);
      SegmentationTrainingJob secondDone = jobs.awaitFinished(NAME, Duration.ofMinutes(3));
      assertThat(secondDone.getMetadata().getUid()).isEqualTo(secondUid);
      assertThat(secondDone.getStatus().phase).isEqualTo(Phase.Succeeded);
      assertThat(secondDone.getStatus().attempt).isEqualTo(1);
      assertThat(secondDone.getStatus().failuresOrZero()).isZero();
      assertThat(secondDone.getStatus().conditions).noneMatch(c -> "Fenced".equals(c.getReason()));
      assertThat(secondDone.getStatus().restoredFromStep).as("a re-created job restores nothing").isNull();
      assertThat(secondDone.getStatus().progress.step).isEqualTo(MORE_STEPS);
      Path secondDir = storage.resolve("default").resolve(NAME).resolve(secondUid);
      List<Long> secondSteps = steps(secondDir);
      assertThat(secondSteps.get(0)).as("the trainer's first step").isEqualTo(1);
      assertThat(secondSteps.get(secondSteps.size() - 1)).isEqualTo(MORE_STEPS);
      assertThat(jobs.eventReasons(secondUid, "Succeeded")).contains("Started", "Succeeded")
          .doesNotContain("CheckpointRestored", "Fenced", "TrainerFailed", "Failed");
      assertThat(filesAndSizes(firstDir)).as("the first incarnation's checkpoints").isEqualTo(firstFiles);
      deleteAndAwaitPodsGone(sandbox, jobs);

      // 3. Same name again, resuming explicitly from the first incarnation: continues at its newest step.
      SegmentationTrainingJob resuming = job(storage, newest + MORE_STEPS);
      resuming.getSpec().checkpoint.resumeFrom = new CheckpointSpec.ResumeFrom();
      resuming.getSpec().checkpoint.resumeFrom.jobName = NAME;
      resuming.getSpec().checkpoint.resumeFrom.jobUID = firstUid;
      String thirdUid = jobs.create(resuming).getMetadata().getUid();
      SegmentationTrainingJob thirdDone = jobs.awaitFinished(NAME, Duration.ofMinutes(3));
      assertThat(thirdDone.getMetadata().getUid()).isEqualTo(thirdUid);
      assertThat(thirdDone.getStatus().phase).isEqualTo(Phase.Succeeded);
      assertThat(thirdDone.getStatus().failuresOrZero()).isZero();
      assertThat(thirdDone.getStatus().restoredFromStep).isEqualTo(newest);
      assertThat(thirdDone.getStatus().progress.step).isEqualTo(newest + MORE_STEPS);
      List<Long> thirdSteps = steps(storage.resolve("default").resolve(NAME).resolve(thirdUid));
      assertThat(thirdSteps.get(0)).as("the first step after the restored checkpoint").isEqualTo(newest + 1);
      assertThat(thirdSteps.get(thirdSteps.size() - 1)).isEqualTo(newest + MORE_STEPS);
      assertThat(jobs.eventReasons(thirdUid, "Succeeded")).contains("CheckpointRestored", "Succeeded")
          .doesNotContain("Fenced", "TrainerFailed", "Failed");
      assertThat(filesAndSizes(firstDir)).as("the first incarnation's checkpoints, read only").isEqualTo(firstFiles);
    }
  }

  private static SegmentationTrainingJob job(Path storage, long steps) {
    SegmentationTrainingJob job = SandboxJobs.example("quick-deeplab-synthetic.yaml");
    job.getMetadata().setName(NAME);
    job.getSpec().training.steps = steps;
    job.getSpec().training.evalIntervalSteps = null;
    job.getSpec().checkpoint.interval = "20steps";
    job.getSpec().checkpoint.storage = StorageSource.hostPath(storage.toString());
    return job;
  }

  private static void deleteAndAwaitPodsGone(Sandbox sandbox, SandboxJobs jobs) {
    sandbox.client().resources(SegmentationTrainingJob.class).inNamespace("default").withName(NAME).delete();
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (jobs.get(NAME) != null || !jobs.pods(NAME).isEmpty()) {
      assertThat(System.nanoTime()).as("the job and its pods are gone within a minute").isLessThan(deadline);
      SandboxJobs.sleep(200);
    }
  }

  private static long newestCommittedStep(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> MARKER.matcher(f.getFileName().toString())).filter(Matcher::matches)
          .mapToLong(m -> Long.parseLong(m.group(1))).max()
          .orElseThrow(() -> new AssertionError("no commit marker in " + dir));
    }
  }

  private static Map<String, Long> filesAndSizes(Path dir) throws IOException {
    Map<String, Long> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(file).toString(), Files.size(file));
      }
    }
    return files;
  }

  private static List<Long> steps(Path dir) throws IOException {
    List<Long> steps = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("steps.jsonl"))) {
      JsonNode entry = JSON.readTree(line);
      steps.add(entry.path("step").asLong());
    }
    return steps;
  }
}
