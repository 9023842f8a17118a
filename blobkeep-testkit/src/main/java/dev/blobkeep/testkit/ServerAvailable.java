package dev.blobkeep.testkit;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

/**
 * Skips a test class or method, before any of its set-up runs, when a test server cannot be reached
 * (the contract classes' tear-down assumes a store was opened), with the reason; under {@code
 * CI=true} it fails instead. Stateless and thread-safe.
 */
abstract class ServerAvailable implements ExecutionCondition, SkipExecutionHook {

  /** The server's name in messages. */
  abstract String server();

  /** Why the server cannot be reached, or null if it can. */
  abstract String unreachable();

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String why = check();
    return why == null
        ? ConditionEvaluationResult.enabled(server() + " is reachable")
        : ConditionEvaluationResult.disabled(why);
  }

  @Override
  public SkipResult shouldBeSkipped(LifecycleContext context) {
    String why = check();
    return why == null ? SkipResult.doNotSkip() : SkipResult.skip(why);
  }

  private String check() {
    String why = unreachable();
    if (why != null && PgServer.onCi()) {
      throw new AssertionFailedError(why);
    }
    return why;
  }
}
