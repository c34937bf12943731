package dev.segtpu.operator.testing;

import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The one rule for tests that drive an outside tool (kubectl, prometheus, promtool): on a developer's
 * machine a missing tool skips the test, as not every machine has them; under CI (the environment
 * variable {@code CI} set and non-empty) it fails the test, saying what to install, because there a
 * skipped test is a test that silently never ran. {@code .ci/run} installs every tool.
 */
public final class RequiredTool {

  private RequiredTool() {}

  /**
   * Returns when {@code present}; otherwise skips or, under CI, fails the calling test.
   *
   * @param missing what is missing and where it was looked for, e.g. "kubectl is not on PATH"
   */
  public static void require(boolean present, String missing) {
    require(present, missing, System.getenv());
  }

  static void require(boolean present, String missing, Map<String, String> environment) {
    if (present) {
      return;
    }
    String ci = environment.get("CI");
    if (ci != null && !ci.isEmpty()) {
      Assertions.fail(missing + ". CI is set, so a missing tool fails the test: install it (.ci/run installs it).");
    }
    Assumptions.abort(missing + ". Skipped here; with CI set this fails (.ci/run installs it).");
  }
}
