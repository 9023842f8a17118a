package dev.blobkeep.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into addresses for a {@link Fetcher}. The fetcher asks once per hop, checks
 * every address returned, and connects only to those addresses: the answer is never looked up a
 * second time, so a name whose answer changes (DNS rebinding) cannot lead a fetch past the check.
 * Must be thread-safe if the fetcher is shared.
 */
@FunctionalInterface
public interface HostResolver {
  /** The JVM's resolver, {@link InetAddress#getAllByName(String)}. */
  HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

  /**
   * The addresses of {@code host}, in the order to try; never empty.
   *
   * @param host a host name or IPv4 literal as it appears in the URL (IPv6 literals are not passed:
   *     they are used as they are)
   * @return the addresses
   * @throws UnknownHostException if the name has no address
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;
}
