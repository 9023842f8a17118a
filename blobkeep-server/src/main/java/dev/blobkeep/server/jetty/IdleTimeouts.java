package dev.blobkeep.server.jetty;

import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.Request;

/**
 * The connection's idle timeout, as both servers (the blobkeep API and S3) apply it: it times out a
 * client that stops sending or reading, never a request that waits on the store.
 */
public final class IdleTimeouts {
  private IdleTimeouts() {}

  /**
   * Makes an idle timeout that fires while no read or write of {@code request} is pending ignored:
   * the server is then working (waiting on a lock held elsewhere, on a failover), and the client
   * sent what it had to. A read or write that is pending when it fires fails, as before. On the API
   * port the request's own time limit ({@code Limits.requestTimeout}) still applies; the S3 port
   * has none yet, so there a request waits as long as the store does.
   *
   * @param request the request being handled, before its handler reads or writes
   */
  public static void onlyWhileClientSilent(Request request) {
    request.addIdleTimeoutListener(timeout -> false);
  }

  /**
   * Whether a failure came from the connection's idle timeout.
   *
   * @param e a failure of a read or write of the request
   * @return true if {@code e} is, or was caused by, a {@link TimeoutException}
   */
  public static boolean idledOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }
}
