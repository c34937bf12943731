package org.tensorflow;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetConfig;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetTarget;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.proto.ConfigProto;

/**
 * A {@link Session} on a distributed runtime's target ({@code grpc://host:port}). TensorFlow Java 1.1.0's
 * public constructors never set a target, so its sessions cannot run collective ops across processes;
 * this class lives in TensorFlow's package only to reach the constructor that wraps a native session
 * made with the C API's {@code TF_SetTarget}. Nothing else of ours is in this package.
 */
public final class DistributedSession {

  private DistributedSession() {}

  /** A session on {@code graph} whose master is {@code target}, configured with {@code config}. */
  public static Session open(Graph graph, String target, ConfigProto config) {
    try (PointerScope scope = new PointerScope(); Graph.Reference reference = graph.ref()) {
      TF_Status status = TF_Status.newStatus();
      TF_SessionOptions options = TF_SessionOptions.newSessionOptions();
      TF_SetTarget(options, target);
      BytePointer bytes = new BytePointer(config.toByteArray());
      TF_SetConfig(options, bytes, bytes.capacity(), status);
      status.throwExceptionIfNotOK();
      TF_Session session = TF_Session.newSession(reference.nativeHandle(), options, status);
      status.throwExceptionIfNotOK();
      return new Session(graph, session.retainReference());
    }
  }
}
