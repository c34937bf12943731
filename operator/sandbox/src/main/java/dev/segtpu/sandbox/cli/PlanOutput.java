package dev.segtpu.sandbox.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.segtpu.operator.plan.Durations;
import dev.segtpu.operator.plan.Plan;
import dev.segtpu.operator.plan.PlanOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** How {@code segtpu plan} prints a plan: a table for people, JSON or YAML (the same document) for scripts. */
enum PlanOutput {
  TABLE, JSON, YAML;

  static PlanOutput parse(String value) {
    for (PlanOutput output : values()) {
      if (output.name().equalsIgnoreCase(value)) {
        return output;
      }
    }
    throw new UserError("--output: '" + value + "' is not a format; use table, json or yaml");
  }

  String render(String job, Plan plan) {
    try {
      return switch (this) {
        case TABLE -> table(job, plan);
        case JSON -> new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document(job, plan))
            + System.lineSeparator();
        case YAML -> new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
            .writeValueAsString(document(job, plan));
      };
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the plan: " + e.getMessage(), e);
    }
  }

  /** The machine-readable plan: hours and USD as numbers, every row with its sources. */
  static Map<String, Object> document(String job, Plan plan) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("job", job);
    doc.put("workload", plan.request().workload().describe());
    doc.put("priceTable", plan.priceTable());
    doc.put("budgetUSD", plan.request().budgetUSD().isPresent() ? plan.request().budgetUSD().getAsDouble() : null);
    doc.put("deadlineHours", plan.request().deadline().map(d -> d.toSeconds() / 3600.0).orElse(null));
    doc.put("expectedAccuracy", plan.expectedAccuracy().orElse(null));
    doc.put("cheapest", row(plan, plan.cheapest()));
    doc.put("fastest", row(plan, plan.fastest()));
    doc.put("options", plan.options().stream().map(o -> row(plan, o)).toList());
    doc.put("assumptions", plan.assumptions());
    doc.put("notes", plan.notes());
    return doc;
  }

  private static Map<String, Object> row(Plan plan, PlanOption option) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("slice", option.slice().displayName());
    row.put("generation", option.slice().generation().value());
    row.put("topology", option.slice().topology().toString());
    row.put("chips", option.chips());
    row.put("hosts", option.slice().hosts());
    row.put("provisioning", option.provisioning().value());
    row.put("schedulable", option.schedulable());
    row.put("imagesPerSecond", round(option.throughput().imagesPerSecond()));
    row.put("trainHours", round(option.trainSeconds() / 3600));
    row.put("overheadHours", round(option.preemptionSeconds() / 3600));
    row.put("expectedHours", round(option.wallSeconds() / 3600));
    row.put("pricePerChipHourUSD", option.pricePerChipHour());
    row.put("costUSD", option.costUSD().isPresent() ? round(option.costUSD().getAsDouble()) : null);
    row.put("overBudget", plan.overBudget(option));
    row.put("pastDeadline", plan.pastDeadline(option));
    row.put("throughputSource", option.throughput().confidence().label());
    row.put("throughputBasis", option.throughput().basis());
    row.put("overheadBasis", option.preemption().basis());
    return row;
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  private static String table(String job, Plan plan) {
    StringBuilder out = new StringBuilder();
    String nl = System.lineSeparator();
    out.append("Plan for ").append(job).append(": ").append(plan.request().workload().describe()).append(nl);
    out.append("Prices: ").append(plan.priceTable())
        .append(plan.request().budgetUSD().isPresent()
            ? String.format(Locale.ROOT, "; budget $%.2f (spec.budget.maxCostUSD)", plan.request().budgetUSD().getAsDouble()) : "")
        .append(plan.request().deadline().map(d -> "; deadline " + Durations.human(d.toSeconds())).orElse(""))
        .append(nl).append(nl);
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"SLICE", "TOPOLOGY", "MODE", "IMG/S", "TRAIN", "+OVERHEAD", "TOTAL", "COST", "SOURCE", ""});
    for (PlanOption o : plan.options()) {
      rows.add(new String[] {o.slice().displayName(), o.slice().topology().toString(), o.provisioning().value(),
          String.format(Locale.ROOT, "%.1f", o.throughput().imagesPerSecond()), Durations.human(o.trainSeconds()),
          Durations.human(o.preemptionSeconds()), Durations.human(o.wallSeconds()), cost(o),
          o.throughput().confidence().label(), String.join(", ", marks(plan, o))});
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        boolean number = i >= 3 && i <= 7;
        String cell = number ? " ".repeat(widths[i] - row[i].length()) + row[i] : row[i] + " ".repeat(widths[i] - row[i].length());
        line.append(cell).append(i + 1 < row.length ? "  " : "");
      }
      out.append(line.toString().stripTrailing()).append(nl);
    }
    out.append(nl);
    out.append("Cheapest").append(plan.request().deadline().isPresent() ? " within the deadline" : "").append(": ")
        .append(summary(plan.cheapest())).append(nl);
    out.append("Fastest: ").append(summary(plan.fastest())).append(nl);
    out.append("Expected accuracy: ").append(plan.expectedAccuracy().orElse("no reference result for this model and schedule")).append(nl);
    out.append(nl).append("Where the throughput comes from:").append(nl);
    Set<String> bases = new LinkedHashSet<>();
    plan.options().forEach(o -> bases.add(o.slice().generation().value() + ": " + o.throughput().basis()
        .replaceAll("; × \\d+/\\d+ chips \\(assumed: linear scaling\\)", "")));
    bases.forEach(b -> out.append("  ").append(b).append(nl));
    out.append("  (× chips / reference chips: assumed linear scaling)").append(nl);
    out.append("Assumptions:").append(nl);
    plan.assumptions().forEach(a -> out.append("  - ").append(a).append(nl));
    plan.notes().forEach(n -> out.append("Note: ").append(n).append(nl));
    return out.toString();
  }

  private static List<String> marks(Plan plan, PlanOption o) {
    List<String> marks = new ArrayList<>();
    if (o == plan.cheapest()) {
      marks.add("<- cheapest");
    }
    if (o == plan.fastest()) {
      marks.add("<- fastest");
    }
    if (plan.overBudget(o)) {
      marks.add("over budget");
    }
    if (plan.pastDeadline(o)) {
      marks.add("past deadline");
    }
    if (o.costUSD().isEmpty()) {
      marks.add("no list price");
    }
    if (!o.schedulable()) {
      marks.add("planning only: not schedulable on GKE");
    }
    return marks;
  }

  private static String cost(PlanOption o) {
    return o.costUSD().isPresent() ? String.format(Locale.ROOT, "$%.2f", o.costUSD().getAsDouble()) : "n/a";
  }

  private static String summary(PlanOption o) {
    return o.describe() + ", " + Durations.human(o.wallSeconds()) + ", " + cost(o);
  }
}
