package dev.blobkeep.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TCP server that answers one connection with bytes given by the test, then closes it:
 * for responses a real HTTP server library would not send (close-delimited bodies, interim answers,
 * broken framing). Keeps the request head it received.
 */
final class RawServer implements AutoCloseable {
  private final ServerSocket socket;
  private final CompletableFuture<String> request = new CompletableFuture<>();

  /** Answers the first connection with {@code answer} (ISO-8859-1) and closes it. */
  RawServer(String answer) throws IOException {
    socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread thread =
        new Thread(
            () -> {
              try (Socket s = socket.accept()) {
                request.complete(readHead(s.getInputStream()));
                s.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
              } catch (IOException e) {
                request.completeExceptionally(e);
              }
            },
            "raw-server");
    thread.setDaemon(true);
    thread.start();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
  }

  /** The request head the client sent, up to its empty line. */
  String request() throws Exception {
    return request.get(10, TimeUnit.SECONDS);
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      head.write(c);
      matched = c == end[matched] ? matched + 1 : c == '\r' ? 1 : 0;
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
