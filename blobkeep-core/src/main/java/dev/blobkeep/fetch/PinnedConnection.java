package dev.blobkeep.fetch;

import dev.blobkeep.fetch.FetchException.Kind;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 GET over a connection to an address that was already checked: the socket connects to
 * that {@link InetAddress} itself, never to a name, so nothing is resolved again. For https, TLS
 * runs over that socket with SNI and certificate name verification ({@code
 * endpointIdentificationAlgorithm=HTTPS}) for the URL's host name. The request asks for {@code
 * Connection: close} and identity encoding, so each connection carries one exchange and its body
 * ends by Content-Length, the chunked coding or the connection closing. Interim 1xx answers are
 * skipped. Every failure is a {@link FetchException} of the matching kind; the socket is closed
 * then. Not thread-safe.
 */
final class PinnedConnection implements Closeable {
  private static final int MAX_INTERIM = 10;

  /** Where a URL points: host as in the URL (IPv6 without brackets), port, and whether https. */
  record Target(String host, int port, boolean tls) {
    static Target of(URI uri) {
      String host = uri.getHost();
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      boolean tls = "https".equals(uri.getScheme().toLowerCase(Locale.ROOT));
      int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80;
      return new Target(host, port, tls);
    }
  }

  private final URI uri;
  private final Socket socket;
  private final InputStream in;
  private final ResponseHead head;

  private PinnedConnection(URI uri, Socket socket, InputStream in, ResponseHead head) {
    this.uri = uri;
    this.socket = socket;
    this.in = in;
    this.head = head;
  }

  /**
   * Connects to the first of {@code addresses} that accepts, sends {@code GET uri} and reads the
   * final response head.
   *
   * @param addresses the checked addresses of the URL's host, in the order to try
   * @param deadlineAt the {@link System#nanoTime()} by which the whole fetch must be done
   */
  static PinnedConnection open(
      URI uri, List<InetAddress> addresses, FetchOptions options, long deadlineAt) {
    Target target = Target.of(uri);
    Socket socket = connect(uri, target, addresses, options, deadlineAt);
    try {
      if (target.tls()) {
        socket = handshake(uri, target, socket, options, deadlineAt);
      }
      send(uri, socket);
      InputStream in =
          new BufferedInputStream(new SocketInput(socket, options.readTimeout(), deadlineAt));
      return new PinnedConnection(uri, socket, in, readHead(uri, in, options, deadlineAt));
    } catch (IOException | RuntimeException e) {
      closeQuietly(socket);
      if (e instanceof FetchException f) {
        throw f;
      }
      throw new FetchException(Kind.CONNECTION_LOST, "GET " + uri + " failed: " + reason(e), e);
    }
  }

  /** The final (non-1xx) status. */
  int status() {
    return head.status();
  }

  /** The head of the final response. */
  ResponseHead head() {
    return head;
  }

  /**
   * The Content-Length that frames the body, or -1 if the body is chunked or ends with the
   * connection.
   *
   * @throws FetchException (PROTOCOL) if the Content-Length is malformed or lines disagree
   */
  long declaredLength() {
    if (!head.elements("transfer-encoding").isEmpty()) {
      return -1; // Transfer-Encoding overrides Content-Length (RFC 9112 6.3)
    }
    List<String> values = head.elements("content-length");
    if (values.isEmpty()) {
      return -1;
    }
    String first = values.get(0);
    for (String v : values) {
      if (!v.matches("[0-9]{1,18}") || !v.equals(first)) {
        throw new FetchException(
            Kind.PROTOCOL,
            "GET "
                + uri
                + " sent an invalid response: Content-Length '"
                + ResponseHead.printable(String.join(", ", values))
                + "' is not one number");
      }
    }
    return Long.parseLong(first);
  }

  /**
   * The body, framed: reading it ends where the response ends. Timeouts surface as {@link
   * SocketTimeoutException}, framing errors as {@link ProtocolViolation}, an early end as {@link
   * EOFException}.
   *
   * @throws FetchException (PROTOCOL) if the framing headers are invalid or use a coding other than
   *     chunked
   */
  InputStream body() {
    int status = head.status();
    if (status == 204 || status == 304) {
      return InputStream.nullInputStream();
    }
    List<String> codings = head.elements("transfer-encoding");
    if (!codings.isEmpty()) {
      if (codings.size() == 1 && codings.get(0).equalsIgnoreCase("chunked")) {
        return new ChunkedStream(in);
      }
      throw new FetchException(
          Kind.PROTOCOL,
          "GET "
              + uri
              + " sent a body with Transfer-Encoding '"
              + ResponseHead.printable(String.join(", ", codings))
              + "'; only chunked is supported");
    }
    long length = declaredLength();
    return length >= 0 ? new LengthStream(in, length) : in;
  }

  /** Closes the connection. Idempotent. */
  @Override
  public void close() {
    closeQuietly(socket);
  }

  private static Socket connect(
      URI uri, Target target, List<InetAddress> addresses, FetchOptions options, long deadlineAt) {
    FetchException failure = null;
    for (InetAddress address : addresses) {
      String where = where(target, address);
      long connectMillis = options.connectTimeout().toMillis();
      int timeout;
      try {
        timeout = SocketInput.timeoutMillis(connectMillis, deadlineAt);
      } catch (SocketTimeoutException e) {
        throw deadlinePassed(uri, options);
      }
      Socket socket = new Socket(Proxy.NO_PROXY);
      try {
        socket.connect(new InetSocketAddress(address, target.port()), timeout);
        socket.setTcpNoDelay(true);
        return socket;
      } catch (SocketTimeoutException e) {
        closeQuietly(socket);
        failure =
            timeout < connectMillis
                ? deadlinePassed(uri, options)
                : new FetchException(
                    Kind.TIMEOUT,
                    "GET "
                        + uri
                        + " could not connect to "
                        + where
                        + " within "
                        + FetchOptions.describe(options.connectTimeout())
                        + " (connectTimeout)",
                    e);
      } catch (ConnectException e) {
        closeQuietly(socket);
        String why =
            e.getMessage() == null ? "connection refused" : e.getMessage().toLowerCase(Locale.ROOT);
        failure =
            new FetchException(
                Kind.CONNECT_REFUSED,
                "GET " + uri + " could not connect to " + where + ": " + why,
                e);
      } catch (IOException e) {
        closeQuietly(socket);
        failure =
            new FetchException(
                Kind.CONNECT_FAILED,
                "GET " + uri + " could not connect to " + where + ": " + reason(e),
                e);
      }
    }
    throw failure;
  }

  private static Socket handshake(
      URI uri, Target target, Socket plain, FetchOptions options, long deadlineAt)
      throws IOException {
    SSLContext context;
    try {
      context = options.sslContext() != null ? options.sslContext() : SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new FetchException(Kind.TLS, "GET " + uri + ": no TLS available: " + reason(e), e);
    }
    SSLSocket tls =
        (SSLSocket)
            context.getSocketFactory().createSocket(plain, target.host(), target.port(), true);
    SSLParameters parameters = tls.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    if (!isLiteral(target.host())) {
      try {
        parameters.setServerNames(List.of(new SNIHostName(target.host())));
      } catch (IllegalArgumentException e) {
        closeQuietly(tls);
        throw new FetchException(
            Kind.BAD_URL, "GET " + uri + ": host " + target.host() + " is not a valid TLS name", e);
      }
    }
    tls.setSSLParameters(parameters);
    try {
      tls.setSoTimeout(SocketInput.timeoutMillis(options.readTimeout().toMillis(), deadlineAt));
      tls.startHandshake();
      return tls;
    } catch (SocketTimeoutException e) {
      closeQuietly(tls);
      throw readTimedOut(uri, options, deadlineAt, "did not complete the TLS handshake", e);
    } catch (SSLException e) {
      closeQuietly(tls);
      throw new FetchException(
          Kind.TLS,
          "GET "
              + uri
              + ": TLS with "
              + target.host()
              + " port "
              + target.port()
              + " failed: "
              + reason(e),
          e);
    }
  }

  private static void send(URI uri, Socket socket) throws IOException {
    URI ascii = URI.create(uri.toASCIIString());
    String path =
        ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath();
    String target = ascii.getRawQuery() == null ? path : path + "?" + ascii.getRawQuery();
    String request =
        "GET "
            + target
            + " HTTP/1.1\r\nHost: "
            + ascii.getRawAuthority()
            + "\r\nUser-Agent: blobkeep\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n";
    if (!request.chars().allMatch(c -> c == '\r' || c == '\n' || (c >= 0x20 && c < 0x7f))) {
      throw new FetchException(Kind.BAD_URL, "GET " + uri + " has characters HTTP cannot send");
    }
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static ResponseHead readHead(
      URI uri, InputStream in, FetchOptions options, long deadlineAt) {
    try {
      for (int interim = 0; ; interim++) {
        ResponseHead head = ResponseHead.read(in);
        if (head.status() >= 200) {
          return head;
        }
        if (head.status() == 101 || interim == MAX_INTERIM) {
          throw new ProtocolViolation(
              "interim answer " + StatusText.of(head.status()) + " was not expected");
        }
      }
    } catch (SocketTimeoutException e) {
      throw readTimedOut(uri, options, deadlineAt, "sent no response", e);
    } catch (ProtocolViolation e) {
      throw new FetchException(
          Kind.PROTOCOL, "GET " + uri + " sent an invalid response: " + e.getMessage(), e);
    } catch (EOFException e) {
      throw new FetchException(
          Kind.CONNECTION_LOST, "GET " + uri + " closed the connection without an answer", e);
    } catch (IOException e) {
      throw new FetchException(
          Kind.CONNECTION_LOST, "GET " + uri + " failed before the answer: " + reason(e), e);
    }
  }

  /** {@code example.com (93.184.216.34) port 80}, or {@code 10.0.0.1 port 80} for a literal. */
  private static String where(Target target, InetAddress address) {
    String ip = address.getHostAddress();
    String host = isLiteral(target.host()) ? ip : target.host() + " (" + ip + ")";
    return host + " port " + target.port();
  }

  /** True for an IPv4 or IPv6 literal (without brackets). */
  static boolean isLiteral(String host) {
    return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
  }

  /**
   * The failure of a read that timed out: the fetch's deadline if it has passed, else the read
   * timeout, in a message that says what the server {@code failedTo} do in time.
   */
  private static FetchException readTimedOut(
      URI uri, FetchOptions options, long deadlineAt, String failedTo, SocketTimeoutException e) {
    if (System.nanoTime() - deadlineAt >= 0) {
      return deadlinePassed(uri, options);
    }
    return new FetchException(
        Kind.TIMEOUT,
        "GET "
            + uri
            + " "
            + failedTo
            + " within "
            + FetchOptions.describe(options.readTimeout())
            + " (readTimeout)",
        e);
  }

  static FetchException deadlinePassed(URI uri, FetchOptions options) {
    return new FetchException(
        Kind.TIMEOUT,
        "GET "
            + uri
            + " did not finish within the "
            + FetchOptions.describe(options.deadline())
            + " deadline");
  }

  static String reason(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing to do: the connection is abandoned either way.
    }
  }
}
