package dev.segtpu.sandbox.cli;

import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.TpuGeneration;
import dev.segtpu.api.validation.FieldError;
import dev.segtpu.api.validation.SpecValidator;
import dev.segtpu.operator.plan.Plan;
import dev.segtpu.operator.plan.PlanError;
import dev.segtpu.operator.plan.PlanRequest;
import dev.segtpu.operator.plan.Planner;
import dev.segtpu.operator.plan.Workload;
import dev.segtpu.tpu.TpuCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code segtpu plan -f job.yaml}: the expected time and cost of a job on every slice the catalog offers,
 * before it spends anything, with the cheapest and the fastest choice. Also {@code kubectl segtpu plan}
 * through the kubectl-segtpu script at the repository root.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = "Expected training time, preemption overhead and cost of a SegmentationTrainingJob on each TPU slice "
        + "and provisioning mode, with the cheapest (within --deadline) and the fastest. Figures name their sources.")
final class PlanCommand implements Callable<Integer> {

  @Spec
  CommandSpec command;

  @Option(names = {"-f", "--filename"}, required = true, description = "the job manifest (YAML)")
  Path manifest;

  @Option(names = "--generations", split = ",", description = "TPU generations to consider, e.g. v5e,v5p (default: every "
      + "generation GKE can schedule; v2 and v3 only when named)")
  List<String> generations = new ArrayList<>();

  @Option(names = "--provisioning", split = ",", description = "provisioning modes, e.g. on-demand,spot,reservation (default: "
      + "on-demand and spot; preemptible for v2/v3)")
  List<String> provisioning = new ArrayList<>();

  @Option(names = "--deadline", description = "the cheapest choice must finish within this, e.g. 10h or 90m")
  String deadline;

  @Option(names = "--calibration", description = "a ConfigMap manifest of measured throughput (the operator's "
      + "segtpu-throughput, e.g. kubectl get configmap segtpu-throughput -o yaml > c.yaml): configurations with enough "
      + "finished jobs use the measured figure")
  Path calibration;

  @Option(names = {"-o", "--output"}, description = "table (default), json or yaml", defaultValue = "table")
  String output;

  @Override
  public Integer call() throws Exception {
    PlanOutput format = PlanOutput.parse(output);
    SegmentationTrainingJob job = JobManifest.read(manifest);
    List<FieldError> errors = new SpecValidator(TpuCatalog.load()).validate(job.getSpec());
    if (!errors.isEmpty()) {
      throw new UserError(manifest + " is invalid: " + errors.get(0) + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""));
    }
    PlanRequest request = PlanRequest.of(Workload.of(job.getSpec()))
        .withGenerations(parse(generations, "--generations", TpuGeneration::fromValue, TpuGeneration.class))
        .withModes(parse(provisioning, "--provisioning", Provisioning::fromValue, Provisioning.class));
    if (deadline != null) {
      try {
        request = request.withDeadline(new HumanDuration().convert(deadline));
      } catch (RuntimeException e) {
        throw new UserError("--deadline: '" + deadline + "' is not a duration; write e.g. 10h or 90m");
      }
      if (request.deadline().orElseThrow().isZero()) {
        throw new UserError("--deadline must be longer than 0");
      }
    }
    if (job.getSpec().budget != null && job.getSpec().budget.maxCostUSD != null) {
      request = request.withBudget(job.getSpec().budget.maxCostUSD);
    }
    Plan plan;
    try {
      Planner planner = Planner.defaults();
      if (calibration != null) {
        planner = planner.calibratedBy(CalibrationFile.read(calibration));
      }
      plan = planner.plan(request);
    } catch (PlanError e) {
      throw new UserError(e.getMessage());
    }
    command.commandLine().getOut().print(format.render(job.getMetadata().getName(), plan));
    command.commandLine().getOut().flush();
    return 0;
  }

  private static <E extends Enum<E>> Set<E> parse(List<String> values, String option,
                                                  java.util.function.Function<String, E> parser, Class<E> type) {
    Set<E> parsed = EnumSet.noneOf(type);
    for (String value : values) {
      try {
        parsed.add(parser.apply(value.trim()));
      } catch (IllegalArgumentException e) {
        throw new UserError(option + ": " + e.getMessage());
      }
    }
    return parsed;
  }
}
