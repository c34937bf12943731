package dev.segtpu.sandbox.kubelet;

/** Where a log reader sends its output; answers false once the receiver wants no more (e.g. the client left). */
@FunctionalInterface
public interface LogSink {

  boolean accept(byte[] bytes);
}
