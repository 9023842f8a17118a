package dev.blobkeep.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A real HTTP client (the JDK's) pointed at one test server, with a token by default. */
final class Http implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  final int port;
  final ExecutorService executor = Executors.newCachedThreadPool();
  final HttpClient client;
  String token;

  Http(int port, String token) {
    this.port = port;
    this.token = token;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(executor)
            .build();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** A request builder for {@code path} carrying the current token, if any. */
  HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  HttpResponse<byte[]> send(HttpRequest.Builder request) {
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<byte[]> get(String path, String... headers) {
    return send(withHeaders(request(path).GET(), headers));
  }

  HttpResponse<byte[]> head(String path, String... headers) {
    return send(
        withHeaders(request(path).method("HEAD", HttpRequest.BodyPublishers.noBody()), headers));
  }

  HttpResponse<byte[]> put(String path, byte[] body, String... headers) {
    return send(
        withHeaders(request(path).PUT(HttpRequest.BodyPublishers.ofByteArray(body)), headers));
  }

  HttpResponse<byte[]> post(String path, byte[] body, String... headers) {
    return send(
        withHeaders(request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body)), headers));
  }

  HttpResponse<byte[]> patch(String path, byte[] body, String... headers) {
    return send(
        withHeaders(
            request(path).method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body)), headers));
  }

  HttpResponse<byte[]> delete(String path, String... headers) {
    return send(withHeaders(request(path).DELETE(), headers));
  }

  static HttpRequest.Builder withHeaders(HttpRequest.Builder b, String... headers) {
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b;
  }

  /** The body as a JSON object. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> json(HttpResponse<byte[]> response) {
    try {
      return JSON.readValue(response.body(), Map.class);
    } catch (IOException e) {
      throw new AssertionError(
          "not JSON: " + new String(response.body(), StandardCharsets.UTF_8), e);
    }
  }

  static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  /**
   * Sends {@code requestHead} (request line and headers, without the blank line) as raw bytes over
   * a socket, for paths no URI class would let through; returns the whole answer as text.
   */
  String raw(String requestHead) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      String auth = token == null ? "" : "Authorization: Bearer " + token + "\r\n";
      out.write(
          (requestHead
                  + "\r\nHost: 127.0.0.1:"
                  + port
                  + "\r\n"
                  + auth
                  + "Connection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
