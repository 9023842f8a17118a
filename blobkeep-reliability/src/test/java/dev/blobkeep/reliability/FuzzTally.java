package dev.blobkeep.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Figures of one fuzz test class: inputs tried, inputs refused with the documented exception, bytes
 * compared between decoders. No stored data is at stake in a fuzzer, so its row shows data lost as
 * n/a. The class registers {@link Watch} ({@code @AddLifecycleHook(FuzzTally.Watch.class)}) and
 * calls {@link #record} from {@code @AfterContainer}: the row is recorded only if every property of
 * the class passed. Thread-safe.
 */
public final class FuzzTally {
  private static final Map<Class<?>, FuzzTally> BY_CLASS = new ConcurrentHashMap<>();

  private final String scenario;
  private final long t0 = System.nanoTime();
  private final AtomicLong tries = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong failedProperties = new AtomicLong();

  private FuzzTally(String scenario) {
    this.scenario = scenario;
  }

  /** The tally of {@code testClass}'s properties, recorded under {@code scenario}. */
  public static FuzzTally of(Class<?> testClass, String scenario) {
    FuzzTally tally = new FuzzTally(scenario);
    BY_CLASS.put(testClass, tally);
    return tally;
  }

  /** Counts one input tried. */
  public void tried() {
    tries.incrementAndGet();
  }

  /** Counts one input refused in the documented way (checked by the caller). */
  public void refused() {
    refused.incrementAndGet();
  }

  /** Adds {@code n} bytes compared with what they must be. */
  public void compared(long n) {
    bytes.addAndGet(n);
  }

  /**
   * Checks that a refusal's message is one line naming the problem, and counts the refusal: not
   * null or blank, and no {@code \n} or {@code \r}, whatever the input held. (U+0085, U+2028 and
   * U+2029 are not checked here: some messages still echo them raw, see docs/reliability.md.)
   */
  public void refusal(Throwable e, String input) {
    refused();
    assertOneLine(e.getMessage(), e.getClass().getSimpleName() + " for input " + show(input));
  }

  /**
   * Asserts that {@code message} is non-blank and holds no {@code \n} or {@code \r}; {@code
   * context} names the call for failures.
   */
  public static void assertOneLine(String message, String context) {
    assertThat(message).as("message of %s", context).isNotBlank();
    assertThat(message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0)
        .as("line break in the message of %s: %s", context, show(message))
        .isFalse();
  }

  /** Records the row if every property of the class passed; else prints why it is left out. */
  public void record() {
    long failed = failedProperties.get();
    if (failed != 0) {
      System.out.println(
          "reliability: " + scenario + " not recorded: " + failed + " properties failed");
      return;
    }
    ReliabilityTable.record(
        new ReliabilityTable.Row(
            scenario,
            refused.get() + " hostile inputs refused",
            tries.get(),
            bytes.get() == 0 ? null : bytes.get(),
            null,
            failed,
            (System.nanoTime() - t0) / 1e9));
  }

  /** Marks the tally of a property's class failed when the property does not succeed. */
  public static final class Watch implements AroundPropertyHook {
    /** Registered on a test class, the hook applies to that class's properties. */
    @Override
    public PropagationMode propagateTo() {
      return PropagationMode.DIRECT_DESCENDANTS;
    }

    /** Runs the property and counts it against its class's tally unless it succeeded. */
    @Override
    public PropertyExecutionResult aroundProperty(
        PropertyLifecycleContext context, PropertyExecutor property) {
      PropertyExecutionResult result = property.execute();
      if (result.status() != PropertyExecutionResult.Status.SUCCESSFUL) {
        FuzzTally tally = BY_CLASS.get(context.containerClass());
        if (tally == null) {
          throw new IllegalStateException(
              context.containerClass().getName() + " has no FuzzTally.of(...) to record into");
        }
        tally.failedProperties.incrementAndGet();
      }
      return result;
    }
  }

  /** The input with every non-printable-ASCII character escaped, for assertion messages. */
  static String show(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length() && i < 200; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        b.append(c);
      } else {
        b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      }
    }
    return b.append(s.length() > 200 ? "...\"" : "\"")
        .append(" (")
        .append(s.length())
        .append(" chars)")
        .toString();
  }
}
