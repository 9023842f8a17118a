package dev.blobkeep.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.blobkeep.fetch.FetchException.Kind;
import java.net.URI;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on a fetch's failures: their whole message and their kind at once. */
final class FetchFailures {
  private FetchFailures() {}

  /** The kind of a {@link FetchException}, or of one that caused an {@code IOException}. */
  static Kind kindOf(Throwable t) {
    Throwable f = t instanceof FetchException ? t : t.getCause();
    return ((FetchException) f).kind();
  }

  /**
   * Asserts that {@code call} fails with the message {@code "GET " + uri + rest} and of {@code
   * kind}; returns an assertion on the failure for more checks.
   */
  static AbstractThrowableAssert<?, ? extends Throwable> assertFetchFails(
      ThrowingCallable call, URI uri, String rest, Kind kind) {
    Throwable failure = catchThrowable(call);
    assertThat(failure).as("the fetch failed").isNotNull().hasMessage("GET " + uri + rest);
    assertThat(kindOf(failure)).isEqualTo(kind);
    return assertThat(failure);
  }
}
