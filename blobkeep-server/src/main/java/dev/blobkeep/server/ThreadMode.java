package dev.blobkeep.server;

import dev.blobkeep.BlobStore;
import java.util.Locale;
import org.eclipse.jetty.util.VirtualThreads;

/**
 * Whether requests run on virtual threads. They do when the JVM has them (Java 21 and later) and
 * the store's driver waits in Java code (PostgreSQL: pgjdbc does network I/O and uses Java locks).
 * On SQLite they do not: its lock waits ({@code busy_timeout}) happen inside native code, which
 * pins the virtual thread to its carrier, and there is one carrier per core, so two writers waiting
 * for the lock on a 2-core machine stall every other request, the lock holder's included, until a
 * wait ends (seen once in two 64-client soaks on Java 25: an upload's connection broke). A caller
 * can decide either way.
 */
final class ThreadMode {
  private ThreadMode() {}

  /** True if the JVM can run virtual threads. */
  static boolean available() {
    return VirtualThreads.areSupported();
  }

  /**
   * The choice for {@code store}: {@code requested} if not null (the builder checked that the JVM
   * can), else by the rule above.
   */
  static boolean virtual(BlobStore store, Boolean requested) {
    if (requested != null) {
      return requested;
    }
    return available() && store.location().toLowerCase(Locale.ROOT).startsWith("postgresql:");
  }
}
