package dev.blobkeep.fetch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 and a random port, for fetch tests. Counts requests; handlers
 * that stall wait on {@link #release} (at most 10 s) so that closing never hangs.
 */
final class TestServer implements AutoCloseable {
  interface Handler {
    void handle(HttpExchange exchange) throws Exception;
  }

  final CountDownLatch release = new CountDownLatch(1);
  final AtomicInteger requests = new AtomicInteger();
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();

  TestServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.start();
  }

  void on(String path, Handler handler) {
    server.createContext(
        path,
        exchange -> {
          requests.incrementAndGet();
          try {
            handler.handle(exchange);
          } catch (Exception e) {
            // The client went away or the test wanted a broken answer.
          } finally {
            exchange.close();
          }
        });
  }

  int port() {
    return server.getAddress().getPort();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  /** Stalls the handler until the test ends. */
  void stall() throws InterruptedException {
    release.await(10, TimeUnit.SECONDS);
  }

  static void send(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    if (contentType != null) {
      exchange.getResponseHeaders().set("Content-Type", contentType);
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
