package dev.segtpu.operator.plan;

import dev.segtpu.api.Provisioning;
import dev.segtpu.api.TpuGeneration;
import dev.segtpu.tpu.PriceTable;
import dev.segtpu.tpu.SliceShape;
import dev.segtpu.tpu.TpuCatalog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Lays a workload over every single slice the catalog offers in the requested generations and modes:
 * expected time from the {@link ThroughputModel}, preemption overhead from {@link PreemptionOverhead},
 * cost from the {@link PriceTable}; then picks the cheapest that meets the deadline and the fastest.
 * Pure: the same inputs give the same plan.
 */
public final class Planner {

  private final TpuCatalog catalog;
  private final PriceTable prices;
  private final ThroughputModel throughput;
  private final PreemptionOverhead preemption;

  public Planner(TpuCatalog catalog, PriceTable prices, ThroughputModel throughput, PreemptionOverhead preemption) {
    this.catalog = catalog;
    this.prices = prices;
    this.throughput = throughput;
    this.preemption = preemption;
  }

  /** The shipped catalog, price table, reference points and preemption priors. */
  public static Planner defaults() {
    return new Planner(TpuCatalog.load(), PriceTable.defaults(), ThroughputModel.builtIn(), PreemptionOverhead.defaults());
  }

  /**
   * @throws PlanError when no slice can take the job, or none finishes within the deadline
   */
  public Plan plan(PlanRequest request) {
    Workload workload = request.workload();
    List<String> notes = new ArrayList<>();
    Set<TpuGeneration> generations = request.generations().isEmpty() ? defaultGenerations(notes) : request.generations();
    List<PlanOption> options = new ArrayList<>();
    for (TpuGeneration generation : generations) {
      for (String topology : catalog.topologies(generation)) {
        SliceShape slice = catalog.requireSlice(generation, topology);
        if (!placeable(slice, workload.batchSize())) {
          continue;
        }
        for (Provisioning mode : modes(request, generation)) {
          options.add(option(workload, slice, 1, mode));
        }
      }
    }
    if (options.isEmpty()) {
      throw new PlanError(String.format(Locale.ROOT,
          "no slice of %s can take spec.training.batchSize %d: a slice needs batchSize to be a multiple of its hosts and at "
              + "least one image per chip; raise the batch size or choose other generations",
          generations.stream().map(TpuGeneration::value).sorted().collect(Collectors.joining(", ")), workload.batchSize()));
    }
    options.sort(Comparator.comparing((PlanOption o) -> o.slice().generation()).thenComparingInt(o -> o.slice().chips())
        .thenComparing(PlanOption::provisioning));
    PlanOption fastest = options.stream().min(Comparator.comparingDouble(PlanOption::wallSeconds)).orElseThrow();
    List<PlanOption> inTime = options.stream()
        .filter(o -> request.deadline().isEmpty() || o.wallSeconds() <= request.deadline().get().toSeconds())
        .toList();
    if (inTime.isEmpty()) {
      throw new PlanError(String.format(Locale.ROOT,
          "no configuration finishes within the deadline of %s; the fastest, %s, takes %s: extend --deadline or allow more generations",
          Durations.human(request.deadline().get().toSeconds()), fastest.describe(), Durations.human(fastest.wallSeconds())));
    }
    PlanOption cheapest = inTime.stream().filter(o -> o.costUSD().isPresent())
        .min(Comparator.comparingDouble((PlanOption o) -> o.costUSD().getAsDouble()).thenComparingDouble(PlanOption::wallSeconds))
        .orElseThrow(() -> new PlanError("no option within the deadline has a list price; add prices to the price table"));
    return new Plan(request, options, cheapest, fastest, ReferenceAccuracy.expected(workload), prices.label(),
        assumptions(), notes);
  }

  /**
   * Every generation current GKE can schedule and the price table prices: a row without a price can be
   * neither the cheapest nor compared, and its speed is the least certain. Says which were left out.
   */
  private Set<TpuGeneration> defaultGenerations(List<String> notes) {
    Set<TpuGeneration> chosen = EnumSet.noneOf(TpuGeneration.class);
    for (TpuGeneration generation : TpuGeneration.values()) {
      boolean priced = Arrays.stream(Provisioning.values()).anyMatch(mode -> prices.perChipHour(generation, mode) > 0);
      if (!catalog.schedulable(generation)) {
        notes.add(generation.value() + " left out: not schedulable on current GKE (name it in --generations to plan with it)");
      } else if (!priced) {
        notes.add(generation.value() + " left out: no list price in " + prices.label() + " (name it in --generations to see its time)");
      } else {
        chosen.add(generation);
      }
    }
    return chosen;
  }

  /**
   * The estimate for one choice, e.g. the job's own slices and mode ({@code status.estimate}). Several
   * slices train as one data-parallel group: chips add up (linear, assumed, like chips within a slice).
   */
  public PlanOption option(Workload workload, SliceShape slice, int slices, Provisioning mode) {
    int chips = slices * slice.chips();
    Throughput speed = throughput.estimate(workload.architecture(), workload.backbone(), workload.crop(), slice.generation(), chips);
    double train = speed.secondsFor(workload.totalImages());
    PreemptionOverhead.Estimate extra = preemption.of(mode, train);
    double price = prices.perChipHour(slice.generation(), mode);
    OptionalDouble cost = price > 0 ? OptionalDouble.of(chips * price * (train + extra.extraSeconds()) / 3600) : OptionalDouble.empty();
    return new PlanOption(slice, slices, mode, speed, train, extra, price, cost, slice.schedulable());
  }

  /** The same planner, preferring measured throughput where enough finished jobs measured it. */
  public Planner calibratedBy(Calibration measured) {
    return new Planner(catalog, prices, throughput.calibratedBy(measured), preemption);
  }

  public PreemptionOverhead preemption() {
    return preemption;
  }

  public String priceTable() {
    return prices.label();
  }

  /**
   * The validator's rule (TrainingRules: each host trains on batchSize / hosts images) and at least one
   * image per chip, so no chip idles.
   */
  static boolean placeable(SliceShape slice, int batchSize) {
    return batchSize % slice.hosts() == 0 && batchSize >= slice.chips();
  }

  private static Set<Provisioning> modes(PlanRequest request, TpuGeneration generation) {
    if (!request.modes().isEmpty()) {
      return EnumSet.copyOf(request.modes());
    }
    boolean legacy = generation == TpuGeneration.V2 || generation == TpuGeneration.V3;
    return EnumSet.of(Provisioning.ON_DEMAND, legacy ? Provisioning.PREEMPTIBLE : Provisioning.SPOT);
  }

  private List<String> assumptions() {
    return List.of(
        "throughput: measured by finished jobs where " + Calibration.MIN_JOBS + " or more ran the configuration; otherwise the source post's v2-8 runs scaled per chip by generation (v3 1.7x from the post; later generations by peak compute, assumed), linearly in chips (assumed), by backbone GFLOPs and crop pixels (assumed)",
        "preemption: " + preemption.of(Provisioning.SPOT, 3600).basis(),
        "on-demand and reservation: " + preemption.of(Provisioning.ON_DEMAND, 3600).basis(),
        "cost: chips x expected wall hours x the price table's list price per chip-hour; single slices only");
  }
}
