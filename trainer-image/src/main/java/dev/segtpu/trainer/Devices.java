package dev.segtpu.trainer;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionListDevices;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;

/**
 * The TensorFlow devices this process can use, asked from the native runtime (the Java API has no call
 * for it). The CPU build of TensorFlow Java has no TPU runtime; the status says so instead of pretending.
 */
final class Devices {

  private Devices() {}

  static List<String> list() {
    List<String> names = new ArrayList<>();
    try (TF_Graph graph = TF_Graph.newGraph(); TF_SessionOptions options = TF_SessionOptions.newSessionOptions();
         TF_Status status = TF_Status.newStatus()) {
      TF_Session session = TF_Session.newSession(graph, options, status);
      status.throwExceptionIfNotOK();
      try (session) {
        TF_DeviceList devices = TF_SessionListDevices(session, status);
        status.throwExceptionIfNotOK();
        for (int i = 0; i < TF_DeviceListCount(devices); i++) {
          names.add(TF_DeviceListName(devices, i, status).getString());
        }
        TF_DeleteDeviceList(devices);
      }
    }
    return names;
  }

  /** What the status reports as "device": the device ops run on, and what is missing. */
  static String describe(List<String> devices) {
    String gpu = devices.stream().filter(d -> d.contains("GPU")).findFirst().orElse(null);
    if (gpu != null) {
      return shortName(gpu) + " (TensorFlow Java GPU build: no TPU runtime)";
    }
    return "/device:CPU:0 (TensorFlow Java CPU build: no TPU runtime)";
  }

  private static String shortName(String device) {
    int at = device.indexOf("/device:");
    return at >= 0 ? device.substring(at) : device;
  }
}
