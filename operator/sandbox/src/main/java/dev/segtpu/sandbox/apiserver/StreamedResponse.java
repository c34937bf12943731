package dev.segtpu.sandbox.apiserver;

import java.util.function.Predicate;

/**
 * An answer whose body is written while it is produced, as kube-apiserver streams {@code pods/log?follow=true}:
 * chunked, with no length known up front.
 *
 * @param body writes the body through the given sink, which answers false once the client has gone
 */
record StreamedResponse(int code, String contentType, Body body) {

  @FunctionalInterface
  interface Body {
    void writeTo(Predicate<byte[]> sink) throws InterruptedException;
  }
}
