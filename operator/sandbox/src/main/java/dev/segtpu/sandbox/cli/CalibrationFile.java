package dev.segtpu.sandbox.cli;

import dev.segtpu.operator.plan.Calibration;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads {@code plan --calibration}: a ConfigMap manifest whose data is the operator's measured throughput. */
final class CalibrationFile {

  private CalibrationFile() {}

  static Calibration read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new UserError("--calibration: " + file + ": no such file");
    } catch (IOException e) {
      throw new UserError("--calibration: " + file + ": cannot be read (" + e.getMessage() + ")");
    }
    ConfigMap map;
    try {
      map = new KubernetesSerialization().unmarshal(text, ConfigMap.class);
    } catch (RuntimeException e) {
      throw new UserError("--calibration: " + file + " is not a ConfigMap manifest: " + JobManifest.parserMessage(e));
    }
    if (map == null || !"ConfigMap".equals(map.getKind())) {
      throw new UserError("--calibration: " + file + " holds no ConfigMap; save it with kubectl get configmap segtpu-throughput -o yaml");
    }
    try {
      return Calibration.fromData(map.getData());
    } catch (IllegalArgumentException e) {
      throw new UserError("--calibration: " + file + ": " + e.getMessage());
    }
  }
}
