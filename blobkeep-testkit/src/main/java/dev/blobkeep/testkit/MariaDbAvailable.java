package dev.blobkeep.testkit;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

/**
 * Skips a test class or method, before any of its set-up runs, when the {@link MariaDbServer}
 * cannot be reached, with the reason; under {@code CI=true} it fails instead. For JUnit Jupiter
 * ({@code @ExtendWith(MariaDbAvailable.class)}) and jqwik
 * ({@code @AddLifecycleHook(MariaDbAvailable.class)}). Stateless and thread-safe.
 */
public final class MariaDbAvailable implements ExecutionCondition, SkipExecutionHook {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String why = check();
    return why == null
        ? ConditionEvaluationResult.enabled("MariaDB is reachable")
        : ConditionEvaluationResult.disabled(why);
  }

  @Override
  public SkipResult shouldBeSkipped(LifecycleContext context) {
    String why = check();
    return why == null ? SkipResult.doNotSkip() : SkipResult.skip(why);
  }

  private static String check() {
    String why = MariaDbServer.unreachable();
    if (why != null && PgServer.onCi()) {
      throw new AssertionFailedError(why);
    }
    return why;
  }
}
