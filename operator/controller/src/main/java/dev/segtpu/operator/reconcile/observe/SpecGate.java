package dev.segtpu.operator.reconcile.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.tolerant.UnreadableSpec;
import dev.segtpu.api.validation.FieldError;
import dev.segtpu.api.validation.SpecValidator;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The validate step. Checks the spec with {@link SpecValidator} and, once the job has started, holds the
 * immutable sections (model, dataset, training, tpu, checkpoint, trainer) to the values the first attempt
 * started with while letting the mutable ones (budget, suspend, preemption, failure policy, deadline, TTL)
 * apply at once.
 */
public final class SpecGate {

  /** Sections fixed once the first attempt started: changing them would change what is being trained. */
  public static final List<String> IMMUTABLE_SECTIONS = List.of("model", "dataset", "training", "tpu", "checkpoint", "trainer");

  /**
   * @param effective the spec to act on; empty when the job never started and its spec is invalid
   * @param errors what is wrong with the spec as written (or with its mutable part, once started)
   * @param rejectedChanges fields of immutable sections that differ from the accepted spec, e.g. spec.tpu.topology
   * @param acceptedJson the spec to record as accepted when the first attempt starts
   * @param unknownFields fields of the stored spec this operator does not know and ignores
   */
  public record Verdict(Optional<SegmentationTrainingJobSpec> effective, List<FieldError> errors,
                        List<String> rejectedChanges, String acceptedJson, List<String> unknownFields) {

    public Verdict {
      errors = List.copyOf(errors);
      rejectedChanges = List.copyOf(rejectedChanges);
      unknownFields = List.copyOf(unknownFields);
    }

    public Verdict(Optional<SegmentationTrainingJobSpec> effective, List<FieldError> errors, List<String> rejectedChanges,
                   String acceptedJson) {
      this(effective, errors, rejectedChanges, acceptedJson, List.of());
    }

    public boolean valid() {
      return errors.isEmpty();
    }
  }

  private final SpecValidator validator;
  private final KubernetesSerialization serialization;

  public SpecGate(SpecValidator validator, KubernetesSerialization serialization) {
    this.validator = validator;
    this.serialization = serialization;
  }

  public Verdict check(SegmentationTrainingJob job) {
    SegmentationTrainingJobSpec current = job.getSpec();
    String accepted = job.getStatus() == null ? null : job.getStatus().acceptedSpec;
    if (current instanceof UnreadableSpec unreadable) {
      // Not a spec at all to this operator: say which value, and keep a started job on what it started with.
      List<FieldError> errors = List.of(new FieldError(unreadable.problem().field(), "cannot be read by this operator ("
          + unreadable.problem().problem() + "); write a value the schema allows (kubectl explain segmentationtrainingjob."
          + unreadable.problem().field() + ")"));
      return accepted == null
          ? new Verdict(Optional.empty(), errors, List.of(), null)
          : new Verdict(Optional.of(serialization.unmarshal(accepted, SegmentationTrainingJobSpec.class)), errors, List.of(), accepted);
    }
    List<String> unknown = current == null ? List.of() : current.unknownFields();
    if (accepted == null) {
      List<FieldError> errors = validator.validate(current);
      return errors.isEmpty()
          ? new Verdict(Optional.of(current), errors, List.of(), serialization.asJson(current), unknown)
          : new Verdict(Optional.empty(), errors, List.of(), null, unknown);
    }
    JsonNode acceptedTree = serialization.unmarshal(accepted, JsonNode.class);
    // Both trees from JSON text, so numbers compare by value (an int 1000 equals a long 1000).
    JsonNode currentTree = serialization.unmarshal(
        serialization.asJson(current == null ? new SegmentationTrainingJobSpec() : current), JsonNode.class);
    List<String> rejected = new ArrayList<>();
    ObjectNode merged = ((ObjectNode) currentTree).deepCopy();
    for (String section : IMMUTABLE_SECTIONS) {
      JsonNode was = acceptedTree.get(section);
      JsonNode now = currentTree.get(section);
      differences("spec." + section, was, now, rejected);
      if (was == null) {
        merged.remove(section);
      } else {
        merged.set(section, was.deepCopy());
      }
    }
    SegmentationTrainingJobSpec mergedSpec = serialization.convertValue(merged, SegmentationTrainingJobSpec.class);
    List<FieldError> errors = validator.validate(mergedSpec);
    if (errors.isEmpty()) {
      return new Verdict(Optional.of(mergedSpec), errors, rejected, accepted, unknown);
    }
    // The mutable part is invalid: keep running on the spec as accepted, and say what to fix.
    return new Verdict(Optional.of(serialization.unmarshal(accepted, SegmentationTrainingJobSpec.class)), errors, rejected, accepted,
        unknown);
  }

  /** Leaf paths where two JSON trees differ. */
  static void differences(String path, JsonNode a, JsonNode b, List<String> out) {
    if (a == null && b == null) {
      return;
    }
    if (a == null || b == null || a.getNodeType() != b.getNodeType() || !a.isContainerNode()) {
      if (a == null || !a.equals(b)) {
        out.add(path);
      }
      return;
    }
    if (a.isArray()) {
      if (!a.equals(b)) {
        out.add(path);
      }
      return;
    }
    Set<String> fields = new TreeSet<>();
    a.fieldNames().forEachRemaining(fields::add);
    b.fieldNames().forEachRemaining(fields::add);
    for (Iterator<String> it = fields.iterator(); it.hasNext(); ) {
      String field = it.next();
      differences(path + "." + field, a.get(field), b.get(field), out);
    }
  }
}
