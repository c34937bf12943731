package dev.segtpu.trainer.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;

/**
 * Exports the inference tower as a SavedModel ("serve" tag, signature {@code serving_default}: images
 * [N, H, W, 3] in [0, 255] → logits [N, H, W, classes] and classes [N, H, W]). Written beside the
 * target and renamed, so a reader never sees half an export.
 */
public final class ModelExport {

  private ModelExport() {}

  public static Path export(Session session, TrainingGraph graph, Path target) throws IOException {
    Signature signature = Signature.builder().key(Signature.DEFAULT_KEY)
        .input("images", graph.inferenceImages())
        .output("logits", graph.inferenceLogits())
        .output("classes", graph.inferenceClasses())
        .build();
    return write(session, signature, target);
  }

  /** Writes {@code session}'s graph and variables with {@code signature} beside {@code target}, then renames it there. */
  static Path write(Session session, Signature signature, Path target) throws IOException {
    Path temporary = target.resolveSibling(".tmp-" + target.getFileName() + "-" + System.nanoTime());
    SavedModelBundle.exporter(temporary.toString()).withSession(session).withSignature(signature).export();
    if (Files.exists(target)) {
      try (Stream<Path> walk = Files.walk(target)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }
}
