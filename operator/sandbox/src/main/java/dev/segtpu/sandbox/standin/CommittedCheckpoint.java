package dev.segtpu.sandbox.standin;

import java.time.Instant;

/**
 * One commit marker of the stand-in trainer, as written: the checkpoint's step, the attempt that wrote
 * it, when (just before the marker was created, after the last fence check) and its state file's size
 * and SHA-256.
 */
public record CommittedCheckpoint(long step, int attempt, Instant time, long size, String sha256) {}
