package dev.segtpu.sandbox.reclaim;

/**
 * One reclaim that hit a running worker: the node taken away, how, and the worker pod and attempt it
 * ran. Tests compare these with the preemptions the operator counted, so every reclaim reported here is
 * one the operator must notice.
 *
 * @param attempt the worker pod's {@code segtpu.dev/attempt} label
 */
public record Reclaim(String node, SpotReclaimer.Mode mode, String pod, int attempt) {}
