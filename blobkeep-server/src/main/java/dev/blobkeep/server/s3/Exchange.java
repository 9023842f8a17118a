package dev.blobkeep.server.s3;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;

/** One S3 request and its response, as the operations see them. Not thread-safe. */
final class Exchange {
  final S3Request req;
  final Response response;
  final String requestId;
  final long maxBodyBytes;
  Authenticator.Auth auth;
  private OutputStream out;

  Exchange(S3Request req, Response response, String requestId, long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
    this.req = req;
    this.response = response;
    this.requestId = requestId;
  }

  /** The raw request body. */
  InputStream rawBody() {
    return new BufferedInputStream(Content.Source.asInputStream(req.jetty), 64 * 1024);
  }

  void header(String name, String value) {
    if (value != null) {
      response.getHeaders().put(name, value);
    }
  }

  void status(int status) {
    response.setStatus(status);
  }

  /** Answers 200 with this XML document. */
  void xml(String doc) throws IOException {
    xml(200, doc);
  }

  void xml(int status, String doc) throws IOException {
    byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    header("Content-Type", "application/xml");
    response.getHeaders().put("Content-Length", bytes.length);
    if (!req.method.equals("HEAD")) {
      out().write(bytes);
    }
  }

  /** Answers with no body. */
  void empty(int status) {
    response.setStatus(status);
    response.getHeaders().put("Content-Length", 0);
  }

  OutputStream out() {
    if (out == null) {
      out = Content.Sink.asOutputStream(response);
    }
    return out;
  }

  void finish() throws IOException {
    if (out != null) {
      out.close();
    }
  }
}
