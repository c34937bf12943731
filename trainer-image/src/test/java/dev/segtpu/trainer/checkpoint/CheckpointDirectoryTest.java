package dev.segtpu.trainer.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointDirectoryTest {

  @TempDir
  Path root;

  private static CheckpointMetadata at(long step, int attempt) {
    return new CheckpointMetadata(step, attempt, 0, step * 2, 0.01, 1.5, "2026-11-28T09:00:00Z", Map.of());
  }

  /** Stands in for Session.save: two files whose content names the step. */
  private static CheckpointDirectory.VariablesWriter fakeVariables(long step) {
    return prefix -> {
      Files.writeString(Path.of(prefix + ".index"), "index " + step);
      Files.writeString(Path.of(prefix + ".data-00000-of-00001"), "weights of step " + step);
    };
  }

  @Test
  void keepsTheNewestCompleteCheckpointsAndNoTemporaries() throws IOException {
    CheckpointDirectory dir = new CheckpointDirectory(root, 1, 2);
    dir.claim();
    for (long step = 10; step <= 40; step += 10) {
      dir.save(at(step, 1), fakeVariables(step));
    }
    assertThat(dir.manifest()).containsExactly("ckpt-000000000030", "ckpt-000000000040");
    try (var entries = Files.list(root)) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("ckpt-000000000030", "ckpt-000000000040", "manifest.json", "fence.json");
    }
  }

  @Test
  void restoresTheNewestAndRecordsWhereTrainingStood() throws IOException {
    CheckpointDirectory dir = new CheckpointDirectory(root, 1, 3);
    dir.claim();
    dir.save(at(10, 1), fakeVariables(10));
    dir.save(at(20, 1), fakeVariables(20));
    List<Long> offered = new ArrayList<>();
    Optional<Checkpoint> restored = new CheckpointDirectory(root, 2, 3).restoreNewest(c -> offered.add(c.metadata().step()));
    assertThat(offered).containsExactly(20L);
    assertThat(restored.orElseThrow().metadata().position()).isEqualTo(40);
    assertThat(restored.get().metadata().files()).containsOnlyKeys("variables.index", "variables.data-00000-of-00001");
  }

  @Test
  void anAlteredFileOrARejectedRestoreFallsBackToTheOlderCheckpoint() throws IOException {
    CheckpointDirectory dir = new CheckpointDirectory(root, 1, 3);
    dir.claim();
    dir.save(at(10, 1), fakeVariables(10));
    dir.save(at(20, 1), fakeVariables(20));
    dir.save(at(30, 1), fakeVariables(30));
    Files.writeString(root.resolve("ckpt-000000000030/variables.data-00000-of-00001"), "weights of step 3X");
    List<Long> offered = new ArrayList<>();
    Optional<Checkpoint> restored = dir.restoreNewest(c -> {
      offered.add(c.metadata().step());
      if (c.metadata().step() == 20) {
        throw new IllegalStateException("global step mismatch");
      }
    });
    assertThat(offered).containsExactly(20L, 10L);
    assertThat(restored.orElseThrow().metadata().step()).isEqualTo(10);
  }

  @Test
  void anAttemptReplacedWhileRunningCannotWriteAnotherCheckpoint() throws IOException {
    CheckpointDirectory old = new CheckpointDirectory(root, 1, 3);
    old.claim();
    old.save(at(10, 1), fakeVariables(10));
    new CheckpointDirectory(root, 2, 3).claim();
    assertThatThrownBy(() -> old.save(at(20, 1), fakeVariables(20)))
        .isInstanceOf(FencedException.class).hasMessageContaining("belongs to attempt 2");
    assertThat(old.manifest()).containsExactly("ckpt-000000000010");
    assertThatThrownBy(() -> new CheckpointDirectory(root, 1, 3).claim()).isInstanceOf(FencedException.class);
  }
}
