package dev.segtpu.sandbox.cli;

/**
 * Something the user gave the command that it cannot use (a missing or malformed manifest): printed
 * as one line naming what to fix, with exit code 2 and no stack trace.
 */
final class UserError extends RuntimeException {

  static final int EXIT_CODE = 2;

  UserError(String message) {
    super(message);
  }
}
