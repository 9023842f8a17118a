package dev.blobkeep.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * The {@code Host} names the server answers to, so that a web page whose name was made to point at
 * this machine (DNS rebinding) gets 421 instead of the store. By default: {@code localhost}, {@code
 * 127.0.0.1}, {@code [::1]} and the bind address (every address of the machine for {@code 0.0.0.0}
 * or {@code ::}), each with the port listened on. Public names ({@code --public-host NAME} or
 * {@code NAME:PORT}, for a server behind a reverse proxy) are added to these: a name without a port
 * matches a {@code Host} without a port or with port 80 or 443, as a proxy on the default ports of
 * HTTP and HTTPS passes it on. Immutable and thread-safe.
 */
final class HostCheck {
  private static final int MAX_SHOWN = 200;

  /** A host and port as a {@code Host} header gives them; port -1 if none was given. */
  record Authority(String host, int port) {
    @Override
    public String toString() {
      return port < 0 ? host : host + ":" + port;
    }
  }

  private final Set<String> local;
  private final List<Authority> publicHosts;
  private final IntSupplier port;

  /**
   * @param bind the address listened on
   * @param publicHosts names given with {@code --public-host}, each {@code NAME} or {@code
   *     NAME:PORT}
   * @param port the port listened on, asked at each request (known only once the server started)
   */
  HostCheck(String bind, List<String> publicHosts, IntSupplier port) {
    this.local = Collections.unmodifiableSet(localNames(bind));
    List<Authority> names = new ArrayList<>();
    for (String p : publicHosts) {
      names.add(parsePublicHost(p));
    }
    this.publicHosts = List.copyOf(names);
    this.port = port;
  }

  /**
   * Parses a {@code --public-host} value.
   *
   * @throws IllegalArgumentException naming the value if it is not {@code NAME} or {@code
   *     NAME:PORT}
   */
  static Authority parsePublicHost(String text) {
    Authority a = text == null ? null : parse(text);
    if (a == null || a.host().isEmpty()) {
      throw new IllegalArgumentException(
          "--public-host '" + text + "' is not NAME or NAME:PORT (e.g. blobs.example.com)");
    }
    return a;
  }

  /**
   * Checks the request's {@code Host} header (or, without one, the request target's authority).
   *
   * @return true if the request was for one of the public names (behind a proxy, which may have
   *     spoken HTTPS to the client)
   * @throws HttpError 421 naming the host if the server is not for it
   */
  boolean check(String hostHeader) {
    if (hostHeader == null || hostHeader.isEmpty()) {
      throw new HttpError(421, "request has no Host header; this server answers only " + names());
    }
    Authority a = parse(hostHeader.strip());
    if (a != null) {
      for (Authority p : publicHosts) {
        if (p.host().equals(a.host())
            && (p.port() == a.port() || p.port() < 0 && (a.port() == 80 || a.port() == 443))) {
          return true;
        }
      }
      int listening = port.getAsInt();
      int asked = a.port() < 0 ? 80 : a.port();
      if (asked == listening && local.contains(a.host())) {
        return false;
      }
    }
    throw new HttpError(
        421,
        "this server does not answer to Host '"
            + shown(hostHeader)
            + "' (it answers "
            + names()
            + "; add a name with --public-host)");
  }

  /** The names answered to, for messages: {@code localhost:8080, 127.0.0.1:8080, ...}. */
  String names() {
    List<String> out = new ArrayList<>();
    int p = port.getAsInt();
    for (String h : local) {
      out.add(h + ":" + p);
    }
    for (Authority a : publicHosts) {
      out.add(a.toString());
    }
    return String.join(", ", out);
  }

  /**
   * Splits {@code host[:port]} or {@code [v6][:port]}, host lower-cased (IPv6 literals in one
   * spelling); null if malformed (an unbracketed IPv6 address, a port that is not 1 to 65535,
   * spaces).
   */
  static Authority parse(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    String host;
    String rest;
    if (t.startsWith("[")) {
      int close = t.indexOf(']');
      if (close < 0) {
        return null;
      }
      host = t.substring(0, close + 1);
      rest = t.substring(close + 1);
    } else {
      int colon = t.indexOf(':');
      host = colon < 0 ? t : t.substring(0, colon);
      rest = colon < 0 ? "" : t.substring(colon);
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c <= ' ' || c >= 0x7f || c == '/' || c == '@' || c == '\\') {
        return null;
      }
    }
    host = canonical(host);
    if (rest.isEmpty()) {
      return new Authority(host, -1);
    }
    if (rest.charAt(0) != ':' || rest.length() < 2 || rest.length() > 6) {
      return null;
    }
    for (int i = 1; i < rest.length(); i++) {
      if (rest.charAt(i) < '0' || rest.charAt(i) > '9') {
        return null;
      }
    }
    int p = Integer.parseInt(rest.substring(1));
    return p >= 1 && p <= 65535 ? new Authority(host, p) : null;
  }

  private static Set<String> localNames(String bind) {
    Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", canonical("[::1]")));
    InetAddress address;
    try {
      address = InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("bind address '" + bind + "' is unknown", e);
    }
    if (address.isAnyLocalAddress()) {
      try {
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
          for (InetAddress a : Collections.list(n.getInetAddresses())) {
            names.add(literal(a));
          }
        }
      } catch (SocketException e) {
        throw new IllegalStateException(
            "cannot list this machine's addresses for bind " + bind + ": " + e.getMessage(), e);
      }
    } else {
      Authority given =
          parse(bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind);
      if (given != null) {
        names.add(given.host());
      }
      names.add(literal(address));
    }
    return names;
  }

  /** An address as it appears in a {@code Host} header: IPv6 bracketed, without a scope. */
  private static String literal(InetAddress a) {
    String text = a.getHostAddress();
    if (a instanceof Inet6Address) {
      int scope = text.indexOf('%');
      return canonical("[" + (scope < 0 ? text : text.substring(0, scope)) + "]");
    }
    return text;
  }

  /**
   * A host in one spelling: a bracketed IPv6 literal in Java's full form ({@code [::1]} and {@code
   * [0:0:0:0:0:0:0:1]} are one address); anything else as it is.
   */
  private static String canonical(String host) {
    if (host.length() > 2 && host.startsWith("[") && host.endsWith("]")) {
      String inner = host.substring(1, host.length() - 1);
      if (inner.indexOf(':') >= 0 && inner.indexOf('%') < 0) {
        try {
          // A text with ':' is parsed as an IPv6 literal, never looked up in DNS.
          return "[" + InetAddress.getByName(inner).getHostAddress() + "]";
        } catch (UnknownHostException e) {
          return host;
        }
      }
    }
    return host;
  }

  static String shown(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < MAX_SHOWN; i++) {
      char c = text.charAt(i);
      out.append(c < ' ' || c == 0x7f ? '?' : c);
    }
    return text.length() > MAX_SHOWN ? out + "..." : out.toString();
  }
}
