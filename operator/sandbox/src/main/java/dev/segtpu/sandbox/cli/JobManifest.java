package dev.segtpu.sandbox.cli;

import dev.segtpu.api.SegmentationTrainingJob;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the one SegmentationTrainingJob a manifest file holds, or says in one line what is wrong with
 * the file ({@link UserError}): missing, not YAML, several documents, another kind, no name or spec.
 * What is wrong inside the spec is the validator's part.
 */
final class JobManifest {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final String API_VERSION = SegmentationTrainingJob.GROUP + "/" + SegmentationTrainingJob.VERSION;

  private JobManifest() {}

  static SegmentationTrainingJob read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new UserError(file + ": no such file");
    } catch (IOException e) {
      throw new UserError(file + ": cannot be read (" + e.getMessage() + ")");
    }
    Object parsed;
    try {
      parsed = SERIALIZATION.unmarshal(text);
    } catch (RuntimeException e) {
      throw new UserError(file + " is not a valid YAML or JSON manifest: " + parserMessage(e));
    }
    if (parsed instanceof List<?> documents) {
      throw new UserError(file + " holds " + documents.size() + " documents; give it one SegmentationTrainingJob");
    }
    if (!(parsed instanceof HasMetadata resource)) {
      throw new UserError(file + " holds no Kubernetes resource; it needs apiVersion: " + API_VERSION
          + " and kind: SegmentationTrainingJob");
    }
    if (!API_VERSION.equals(resource.getApiVersion()) || !"SegmentationTrainingJob".equals(resource.getKind())) {
      throw new UserError(file + " holds kind " + resource.getKind() + " (apiVersion " + resource.getApiVersion()
          + "); it needs apiVersion: " + API_VERSION + " and kind: SegmentationTrainingJob");
    }
    SegmentationTrainingJob job = resource instanceof SegmentationTrainingJob typed ? typed
        : SERIALIZATION.unmarshal(text, SegmentationTrainingJob.class);
    if (job.getMetadata() == null || job.getMetadata().getName() == null || job.getMetadata().getName().isBlank()) {
      throw new UserError(file + ": metadata.name is missing; name the job");
    }
    if (job.getSpec() == null) {
      throw new UserError(file + ": spec is missing; see examples/quick-deeplab-synthetic.yaml");
    }
    return job;
  }

  /**
   * The parser's message on one line: what it expected and where (SnakeYAML's lines "in reader, line 2,
   * column 8:" kept as "at line 2, column 8"), without the quoted source line and its caret.
   */
  static String parserMessage(RuntimeException e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    List<String> lines = String.valueOf(cause.getMessage()).lines().toList();
    StringBuilder message = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      boolean caret = line.matches("\\^+");
      boolean excerpt = i + 1 < lines.size() && lines.get(i + 1).strip().matches("\\^+");
      if (line.isEmpty() || caret || excerpt) {
        continue;
      }
      boolean location = line.startsWith("in ");
      message.append(message.isEmpty() ? "" : location ? " " : "; ")
          .append(location ? line.replaceFirst("^in reader, ", "at ").replaceFirst(":$", "") : line);
    }
    return message.toString();
  }
}
