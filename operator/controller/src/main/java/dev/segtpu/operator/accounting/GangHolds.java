package dev.segtpu.operator.accounting;

import dev.segtpu.api.Provisioning;
import dev.segtpu.operator.cost.TpuHold;
import dev.segtpu.operator.gang.GangView;
import dev.segtpu.operator.gang.WorkerState;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The TPU holds of each job's active attempt. Remembered between reconciliations because a worker
 * whose node the cloud reclaimed can vanish with its pod: its hold is then closed at the moment the
 * operator noticed, instead of disappearing from the bill.
 */
final class GangHolds {

  private record AttemptHolds(int attempt, Map<Integer, TpuHold> byWorker) {}

  private final Map<String, AttemptHolds> jobs = new ConcurrentHashMap<>();

  /** The holds of {@code job}'s active attempt as of {@code now}, one per worker that was ever placed. */
  List<TpuHold> observe(String job, GangView gang, int chipsPerHost, Provisioning provisioning, Instant now) {
    AttemptHolds known = jobs.get(job);
    Map<Integer, TpuHold> holds = known != null && known.attempt() == gang.attempt()
        ? new HashMap<>(known.byWorker()) : new HashMap<>();
    for (WorkerState worker : gang.workers()) {
      if (worker.pod() != null) {
        TpuHold.ofPod(worker.pod(), chipsPerHost, provisioning).ifPresent(hold -> holds.put(worker.worker(), hold));
      } else {
        holds.computeIfPresent(worker.worker(), (w, hold) -> hold.released() ? hold : hold.releasedAt(now));
      }
    }
    jobs.put(job, new AttemptHolds(gang.attempt(), Map.copyOf(holds)));
    return List.copyOf(holds.values());
  }

  void forget(String job) {
    jobs.remove(job);
  }
}
