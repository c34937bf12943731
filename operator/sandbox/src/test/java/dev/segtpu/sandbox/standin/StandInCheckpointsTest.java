package dev.segtpu.sandbox.standin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandInCheckpointsTest {

  @TempDir
  Path root;

  @Test
  void aSaveIsRefusedOnceANewerAttemptClaimedTheDirectoryAndCommitsNothing() throws Exception {
    StandInCheckpoints old = new StandInCheckpoints(root);
    assertThat(old.claim(1)).isTrue();
    assertThat(old.save(50, 1)).isTrue();
    assertThat(new StandInCheckpoints(root).claim(2)).isTrue();

    assertThat(old.save(100, 1)).isFalse();
    assertThat(old.committed()).extracting(CommittedCheckpoint::step).containsExactly(50L);
    assertThat(old.claim(1)).as("an older attempt cannot claim back").isFalse();
  }

  @Test
  void restoreTakesTheNewestCheckpointThatVerifiesAndNeverOneWithoutMarker() throws Exception {
    StandInCheckpoints checkpoints = new StandInCheckpoints(root);
    checkpoints.claim(1);
    checkpoints.save(50, 1);
    checkpoints.save(100, 1);
    Files.createDirectories(root.resolve("ckpt-000000000150-a1"));  // a save cut short: no marker
    Files.writeString(root.resolve("ckpt-000000000150-a1").resolve("state"), "150 1");
    Files.writeString(root.resolve("ckpt-000000000100-a1").resolve("state"), "999 1");  // damaged after commit

    assertThat(checkpoints.restoreNewest()).get().extracting(CommittedCheckpoint::step).isEqualTo(50L);
  }

  @Test
  void theRecordNamesTheAttemptThatOwnedTheDirectoryWhenEachCheckpointWasCommitted() throws Exception {
    StandInCheckpoints checkpoints = new StandInCheckpoints(root);
    checkpoints.claim(1);
    checkpoints.save(50, 1);
    Thread.sleep(5);
    checkpoints.claim(2);
    checkpoints.save(100, 2);
    StandInRecord record = new StandInRecord(root);

    assertThat(record.committed()).allSatisfy(c -> assertThat(record.ownerAt(c.time())).isEqualTo(c.attempt()));
    assertThat(record.committed()).allSatisfy(c -> assertThat(record.restores(c)).isTrue());
  }
}
