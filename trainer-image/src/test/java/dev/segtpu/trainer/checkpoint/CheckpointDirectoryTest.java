package dev.segtpu.trainer.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.segtpu.trainer.checkpoint.ObjectStoreFileSystem.Visibility;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The commit protocol on a local disk and on an emulated Cloud Storage FUSE mount
 * ({@link ObjectStoreFileSystem}), including a crash at every mutating operation of a save.
 */
class CheckpointDirectoryTest {

  private static final String DATA = "variables.data-00000-of-00001";

  @TempDir
  Path scratch;

  /** Where checkpoints live: a local disk, or a bucket emulated over one. */
  enum Storage { LOCAL_DISK, BUCKET }

  private Path checkpoints(Storage storage) throws IOException {
    Path real = scratch.resolve("checkpoints");
    return storage == Storage.LOCAL_DISK ? real : ObjectStoreFileSystem.over(scratch, Visibility.ON_CLOSE).wrap(real);
  }

  private static CheckpointMetadata at(long step, int attempt) {
    return new CheckpointMetadata(step, attempt, 0, step * 2, 0.01, 1.5, "2026-11-28T09:00:00Z", Map.of());
  }

  /** Stands in for Session.save: two files whose content names the step, written through the prefix's file system. */
  private static CheckpointDirectory.VariablesWriter fakeVariables(long step) {
    return prefix -> {
      Files.writeString(prefix.resolveSibling(prefix.getFileName() + ".index"), "index " + step);
      Files.writeString(prefix.resolveSibling(prefix.getFileName() + ".data-00000-of-00001"), "weights of step " + step);
    };
  }

  /** Stands in for Session.restore: refuses a checkpoint whose weights are not those of its step. */
  private static void checkWeights(Checkpoint c) throws IOException {
    String weights = Files.readString(c.directory().resolve(DATA));
    if (!weights.equals("weights of step " + c.metadata().step())) {
      throw new IllegalStateException("weights '" + weights + "' in the checkpoint of step " + c.metadata().step());
    }
  }

  private static List<String> names(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    }
  }

  private static List<String> committedNames(CheckpointDirectory dir) throws IOException {
    return dir.committed().list().stream().map(c -> c.name().directory()).toList();
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void keepsTheNewestCommittedCheckpointsAndNothingElse(Storage storage) throws IOException {
    Path root = checkpoints(storage);
    CheckpointDirectory dir = new CheckpointDirectory(root, 1, 2);
    dir.claim();
    for (long step = 10; step <= 40; step += 10) {
      dir.save(at(step, 1), fakeVariables(step));
    }
    assertThat(committedNames(dir)).containsExactly("ckpt-000000000030-a1", "ckpt-000000000040-a1");
    assertThat(names(root)).containsExactly("ckpt-000000000030-a1", "ckpt-000000000030-a1.commit.json",
        "ckpt-000000000040-a1", "ckpt-000000000040-a1.commit.json", "fence-a1.json");
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void keepNSparesTheBestCheckpointAndANewBestReplacesTheOldMarker(Storage storage) throws IOException {
    Path root = checkpoints(storage);
    CheckpointDirectory dir = new CheckpointDirectory(root, 1, 2);
    dir.claim();
    dir.save(at(10, 1), fakeVariables(10));
    dir.save(at(20, 1), fakeVariables(20));
    dir.markBest(new BestMarker(20, 1, "meanIoU", 0.6, 20, 0.6));
    for (long step = 30; step <= 50; step += 10) {
      dir.save(at(step, 1), fakeVariables(step));
    }
    assertThat(committedNames(dir)).containsExactly("ckpt-000000000020-a1", "ckpt-000000000040-a1", "ckpt-000000000050-a1");
    assertThat(dir.best()).contains(new BestMarker(20, 1, "meanIoU", 0.6, 20, 0.6));

    dir.markBest(new BestMarker(50, 1, "meanIoU", 0.7, 50, 0.7));
    dir.save(at(60, 1), fakeVariables(60));

    assertThat(dir.best()).map(BestMarker::step).contains(50L);
    assertThat(committedNames(dir)).as("the old best goes with keep-N once it is no longer the best")
        .containsExactly("ckpt-000000000050-a1", "ckpt-000000000060-a1");
    assertThat(names(root)).filteredOn(n -> n.startsWith("best-")).containsExactly("best-000000000050-a1.json");
  }

  @Test
  void onlyACommittedCheckpointCanBeTheBestAndAMarkerWhoseCheckpointIsGoneDoesNotCount() throws IOException {
    Path root = scratch.resolve("best");
    CheckpointDirectory dir = new CheckpointDirectory(root, 1, 1);
    dir.claim();
    dir.save(at(10, 1), fakeVariables(10));
    assertThatThrownBy(() -> dir.markBest(new BestMarker(20, 1, "meanIoU", 0.5, 20, 0.5)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not committed");
    dir.markBest(new BestMarker(10, 1, "meanIoU", 0.5, 10, 0.5));
    Files.delete(root.resolve("ckpt-000000000010-a1.commit.json"));
    assertThat(dir.best()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void restoresTheNewestAndRecordsWhereTrainingStood(Storage storage) throws IOException {
    Path root = checkpoints(storage);
    CheckpointDirectory dir = new CheckpointDirectory(root, 1, 3);
    dir.claim();
    dir.save(at(10, 1), fakeVariables(10));
    dir.save(at(20, 1), fakeVariables(20));
    List<Long> offered = new ArrayList<>();
    RestoreOutcome outcome = new CheckpointDirectory(root, 2, 3).restoreNewest(c -> offered.add(c.metadata().step()));
    assertThat(offered).containsExactly(20L);
    assertThat(outcome.restored().orElseThrow().metadata().position()).isEqualTo(40);
    assertThat(outcome.restored().get().metadata().files()).containsOnlyKeys("variables.index", DATA);
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void anAlteredFileOrARejectedRestoreFallsBackToTheOlderCheckpoint(Storage storage) throws IOException {
    Path root = checkpoints(storage);
    CheckpointDirectory dir = new CheckpointDirectory(root, 1, 3);
    dir.claim();
    dir.save(at(10, 1), fakeVariables(10));
    dir.save(at(20, 1), fakeVariables(20));
    dir.save(at(30, 1), fakeVariables(30));
    Files.writeString(root.resolve("ckpt-000000000030-a1").resolve(DATA), "weights of step 3X");
    List<Long> offered = new ArrayList<>();
    RestoreOutcome outcome = dir.restoreNewest(c -> {
      offered.add(c.metadata().step());
      if (c.metadata().step() == 20) {
        throw new IllegalStateException("global step mismatch");
      }
    });
    assertThat(offered).containsExactly(20L, 10L);
    assertThat(outcome.restored().orElseThrow().metadata().step()).isEqualTo(10);
    String recorded = dir.committed().list().get(2).metadata().files().get(DATA).sha256();
    assertThat(outcome.damage()).hasSize(2);
    assertThat(outcome.damage().get(0)).startsWith("ckpt-000000000030-a1: " + DATA + " has SHA-256 ")
        .endsWith(", expected " + recorded);
    assertThat(outcome.damage().get(1)).isEqualTo(
        "ckpt-000000000020-a1: restoring it failed: global step mismatch");
  }

  @Test
  void committedCheckpointsThatAllFailAreReportedAsUnrestorableNotAsAFreshStart() throws IOException {
    Path root = checkpoints(Storage.LOCAL_DISK);
    CheckpointDirectory dir = new CheckpointDirectory(root, 1, 3);
    dir.claim();
    assertThat(dir.restoreNewest(CheckpointDirectoryTest::checkWeights).nothingCommitted()).isTrue();
    dir.save(at(10, 1), fakeVariables(10));
    dir.save(at(20, 1), fakeVariables(20));
    Files.delete(root.resolve("ckpt-000000000020-a1").resolve(DATA));
    Files.writeString(root.resolve("ckpt-000000000010-a1").resolve(DATA), "weights of step 1");
    RestoreOutcome outcome = dir.restoreNewest(CheckpointDirectoryTest::checkWeights);
    assertThat(outcome.unrestorable()).isTrue();
    assertThat(outcome.describeDamage()).startsWith("2 committed checkpoint(s) in " + root + " and none restores: ")
        .contains("ckpt-000000000020-a1: " + DATA + " is missing")
        .contains("ckpt-000000000010-a1: " + DATA + " has 17 bytes, expected 18");
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void anAttemptReplacedWhileRunningCannotWriteAnotherCheckpoint(Storage storage) throws IOException {
    Path root = checkpoints(storage);
    CheckpointDirectory old = new CheckpointDirectory(root, 1, 3);
    old.claim();
    old.save(at(10, 1), fakeVariables(10));
    new CheckpointDirectory(root, 2, 3).claim();
    assertThatThrownBy(() -> old.save(at(20, 1), fakeVariables(20)))
        .isInstanceOf(FencedException.class).hasMessageContaining("belongs to attempt 2");
    assertThat(committedNames(old)).containsExactly("ckpt-000000000010-a1");
    assertThatThrownBy(() -> new CheckpointDirectory(root, 1, 3).claim()).isInstanceOf(FencedException.class);
    assertThat(names(root)).contains("fence-a1.json", "fence-a2.json");
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void aNewerAttemptClaimingWhileTheVariablesAreWrittenStopsTheSaveBeforeItsMarker(Storage storage) throws IOException {
    Path root = checkpoints(storage);
    CheckpointDirectory old = new CheckpointDirectory(root, 1, 3);
    old.claim();
    assertThatThrownBy(() -> old.save(at(10, 1), prefix -> {
      fakeVariables(10).write(prefix);
      new CheckpointDirectory(root, 2, 3).claim();
    })).isInstanceOf(FencedException.class);
    assertThat(names(root)).doesNotContain("ckpt-000000000010-a1.commit.json");
    assertThat(committedNames(old)).isEmpty();
  }

  /**
   * The one window fencing cannot close by checking: an attempt passes its last fence check, a newer
   * attempt claims, then the older one's marker lands. The newer claim recorded the newest step it could
   * see, so the late commit (a higher step by a lower attempt) is never trusted, never restored.
   */
  @Test
  void aCommitThatLandsAfterANewerAttemptClaimedIsNeverRestored() throws IOException {
    Path root = checkpoints(Storage.LOCAL_DISK);
    CheckpointDirectory old = new CheckpointDirectory(root, 1, 10);
    old.claim();
    old.save(at(10, 1), fakeVariables(10));
    Path elsewhere = scratch.resolve("late");
    CheckpointDirectory late = new CheckpointDirectory(elsewhere, 1, 10);
    late.claim();
    late.save(at(20, 1), fakeVariables(20));

    new CheckpointDirectory(root, 2, 10).claim();
    for (String name : List.of("ckpt-000000000020-a1", "ckpt-000000000020-a1.commit.json")) {
      Path from = elsewhere.resolve(name);
      if (Files.isDirectory(from)) {
        Files.createDirectories(root.resolve(name));
        for (String file : names(from)) {
          Files.copy(from.resolve(file), root.resolve(name).resolve(file));
        }
      } else {
        Files.copy(from, root.resolve(name));
      }
    }
    CheckpointDirectory newer = new CheckpointDirectory(root, 2, 10);

    assertThat(names(root)).contains("ckpt-000000000020-a1.commit.json");
    assertThat(committedNames(newer)).containsExactly("ckpt-000000000010-a1");
    assertThat(newer.restoreNewest(CheckpointDirectoryTest::checkWeights).restored())
        .hasValueSatisfying(c -> assertThat(c.metadata().step()).isEqualTo(10));
  }

  @Test
  void keepNeverDeletesTheCheckpointTheNewestMarkerNamesNorTheOneJustSaved() throws IOException {
    Path root = checkpoints(Storage.BUCKET);
    CheckpointDirectory stale = new CheckpointDirectory(root, 1, 1);
    stale.claim();
    stale.save(at(50, 1), fakeVariables(50)); // a stale attempt got further before it was replaced
    CheckpointDirectory current = new CheckpointDirectory(root, 2, 1);
    current.claim();
    current.save(at(40, 2), fakeVariables(40));
    assertThat(committedNames(current)).containsExactly("ckpt-000000000040-a2", "ckpt-000000000050-a1");
    current.save(at(60, 2), fakeVariables(60));
    assertThat(committedNames(current)).containsExactly("ckpt-000000000060-a2");
  }

  /**
   * A stale attempt's keep-N runs while a newer attempt claims the directory and falls back to an older
   * checkpoint (the newest is damaged): the stale one stops deleting at the claim, so the checkpoint the
   * newer attempt restores is still there.
   */
  @Test
  void keepNStopsDeletingOnceANewerAttemptClaimsSoTheCheckpointItRestoresStays() throws IOException {
    ObjectStoreFileSystem bucket = ObjectStoreFileSystem.over(scratch, Visibility.ON_CLOSE);
    Path root = bucket.wrap(scratch.resolve("checkpoints"));
    CheckpointDirectory stale = new CheckpointDirectory(root, 1, 3);
    stale.claim();
    for (long step = 10; step <= 30; step += 10) {
      stale.save(at(step, 1), fakeVariables(step));
    }
    // keep 3 of 4 after the next save: it deletes step 10, and would delete step 20 if keep were 2
    CheckpointDirectory staleKeepingTwo = new CheckpointDirectory(root, 1, 2);
    List<Long> restoredByNewer = new ArrayList<>();
    bucket.mutations().before("delete " + scratch.resolve("checkpoints").resolve("ckpt-000000000010-a1.commit.json"), () -> {
      CheckpointDirectory newer = new CheckpointDirectory(root, 2, 2);
      newer.claim();
      // the newer attempt finds steps 30 and 40 damaged and falls back to step 20
      newer.restoreNewest(c -> {
        if (c.metadata().step() > 20) {
          throw new IllegalStateException("damaged");
        }
        checkWeights(c);
      }).restored().ifPresent(c -> restoredByNewer.add(c.metadata().step()));
    });

    assertThatThrownBy(() -> staleKeepingTwo.save(at(40, 1), fakeVariables(40))).isInstanceOf(FencedException.class);

    assertThat(restoredByNewer).containsExactly(20L);
    assertThat(names(scratch.resolve("checkpoints"))).as("step 20 still there for the newer attempt")
        .contains("ckpt-000000000020-a1", "ckpt-000000000020-a1.commit.json");
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void leftoversAreNeverRestoredAndRemovedOnceTheyCannotBeInProgress(Storage storage) throws IOException {
    Path root = checkpoints(storage);
    CheckpointDirectory first = new CheckpointDirectory(root, 1, 3);
    first.claim();
    first.save(at(10, 1), fakeVariables(10));
    byte[] marker = Files.readAllBytes(root.resolve("ckpt-000000000010-a1.commit.json"));
    // Attempt 1 crashed in a save at step 20: its variables are complete, its marker cut short (POSIX).
    fakeVariables(20).write(Files.createDirectory(root.resolve("ckpt-000000000020-a1")).resolve("variables"));
    try (OutputStream out = Files.newOutputStream(root.resolve("ckpt-000000000020-a1.commit.json"))) {
      out.write(new String(marker, StandardCharsets.UTF_8).replace("10", "20").substring(0, marker.length / 2)
          .getBytes(StandardCharsets.UTF_8));
    }
    // Attempt 2's previous container crashed writing step 30, before any marker.
    fakeVariables(30).write(Files.createDirectory(root.resolve("ckpt-000000000030-a2")).resolve("variables"));

    CheckpointDirectory second = new CheckpointDirectory(root, 2, 3);
    second.claim();
    assertThat(second.restoreNewest(CheckpointDirectoryTest::checkWeights).restored().orElseThrow().metadata().step())
        .isEqualTo(10);
    second.save(at(20, 2), fakeVariables(20));
    assertThat(names(root)).as("attempt 1's leftovers go; attempt 2's step 30 may be this attempt's own save to come")
        .containsExactly("ckpt-000000000010-a1", "ckpt-000000000010-a1.commit.json", "ckpt-000000000020-a2",
            "ckpt-000000000020-a2.commit.json", "ckpt-000000000030-a2", "fence-a1.json", "fence-a2.json");
    second.save(at(30, 2), fakeVariables(30));
    assertThat(committedNames(second)).containsExactly("ckpt-000000000010-a1", "ckpt-000000000020-a2", "ckpt-000000000030-a2");
    checkWeights(second.committed().list().get(2));
  }

  @Test
  void theEmulatedBucketRefusesDirectoryRenamesAndShowsAFileOnlyOnceItsWriterClosesIt() throws IOException {
    ObjectStoreFileSystem bucket = ObjectStoreFileSystem.over(scratch, Visibility.ON_CLOSE);
    Path dir = Files.createDirectory(bucket.wrap(scratch.resolve("a")));
    assertThatThrownBy(() -> Files.move(dir, bucket.wrap(scratch.resolve("b")))).isInstanceOf(IOException.class)
        .hasMessageContaining("cannot rename directory");
    Path file = dir.resolve("object");
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(1);
      assertThat(Files.exists(file)).isFalse();
      assertThat(names(dir)).isEmpty();
    }
    assertThat(Files.readAllBytes(file)).containsExactly(1);
  }

  /**
   * A crash at each mutating operation of a save (k = 1, 2, ... until a save completes without reaching
   * k): a fresh directory over the same files restores the checkpoint committed before, or the new one
   * if its marker was complete, never a partial one; the next save succeeds and leaves nothing else.
   * Run on the emulated bucket (files appear whole on close) and with POSIX visibility (a crash mid-write
   * leaves a partial marker).
   */
  @ParameterizedTest
  @EnumSource(Visibility.class)
  void aCrashAtAnyStageOfASaveLeavesTheLastCommitRestorableAndTheNextSaveCleansUp(Visibility visibility) throws IOException {
    Set<String> stages = new LinkedHashSet<>();
    int k = 1;
    for (; ; k++) {
      Path files = Files.createDirectory(scratch.resolve("crash-" + k));
      Path real = files.resolve("checkpoints");
      ObjectStoreFileSystem dying = ObjectStoreFileSystem.over(files, visibility);
      CheckpointDirectory before = new CheckpointDirectory(dying.wrap(real), 1, 1);
      before.claim();
      before.save(at(10, 1), fakeVariables(10));
      dying.mutations().crashAt(k);
      try {
        before.save(at(20, 1), fakeVariables(20));
      } catch (IOException | RuntimeException e) {
        if (!dying.mutations().crashed()) {
          throw e;
        }
      }
      if (!dying.mutations().crashed()) {
        break;
      }
      List<String> log = dying.mutations().log();
      String crashedAt = log.get(log.size() - 1);
      stages.add(crashedAt.substring(0, crashedAt.indexOf('/')).trim());
      long expected = stepInMarker(real.resolve("ckpt-000000000020-a1.commit.json")) == 20 ? 20 : 10;

      CheckpointDirectory after = new CheckpointDirectory(ObjectStoreFileSystem.over(files, visibility).wrap(real), 2, 1);
      after.claim();
      RestoreOutcome outcome = after.restoreNewest(CheckpointDirectoryTest::checkWeights);
      assertThat(outcome.restored().orElseThrow().metadata().step()).as("crash at %s", crashedAt).isEqualTo(expected);
      assertThat(outcome.damage()).as("crash at %s", crashedAt).isEmpty();
      after.save(at(30, 2), fakeVariables(30));
      assertThat(names(real)).as("crash at %s", crashedAt).containsExactly(
          "ckpt-000000000030-a2", "ckpt-000000000030-a2.commit.json", "fence-a1.json", "fence-a2.json");
    }
    assertThat(k - 1).as("mutating operations in a save, each one crashed").isGreaterThanOrEqualTo(12);
    assertThat(stages).contains("create directory", "open for writing", "write", "fsync", "delete");
    if (visibility == Visibility.ON_CLOSE) {
      assertThat(stages).contains("close (upload)");
    }
  }

  /** Independent of the code under test: the step a marker file holds, or -1 when it is absent or cut short. */
  private static long stepInMarker(Path marker) {
    try {
      return new ObjectMapper().readTree(Files.readAllBytes(marker)).path("step").asLong(-1);
    } catch (IOException e) {
      return -1;
    }
  }
}
