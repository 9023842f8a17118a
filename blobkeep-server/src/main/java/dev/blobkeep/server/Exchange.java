package dev.blobkeep.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blobkeep.server.jetty.IdleTimeouts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;

/**
 * One request and its response, in blocking style: headers, query, a counted and bounded request
 * body, a counted response body, JSON answers. Used by one thread at a time.
 */
final class Exchange {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final int COPY_BUFFER = 128 * 1024;

  private final Request request;
  private final Response response;
  private final Metrics metrics;
  private final long maxBodyBytes;
  private List<String> segments;
  private Fields query;
  private Body body;
  private CountingOutputStream out;

  Exchange(Request request, Response response, Metrics metrics, long maxBodyBytes) {
    this.request = request;
    this.response = response;
    this.metrics = metrics;
    this.maxBodyBytes = maxBodyBytes;
  }

  String method() {
    return request.getMethod();
  }

  boolean isHead() {
    return "HEAD".equals(request.getMethod());
  }

  /** The decoded path segments, checked by {@link SafePath}: 400 for a path that could escape. */
  List<String> segments() {
    if (segments == null) {
      segments = SafePath.segments(request.getHttpURI().getPath());
    }
    return segments;
  }

  /**
   * True if the path ends with {@code /} after at least one segment ({@code /b/docs/dir/}): the
   * slash belongs to a key, which is kept as given.
   */
  boolean trailingSlash() {
    return SafePath.trailingSlash(request.getHttpURI().getPath());
  }

  /** The first value of a request header, or null. */
  String header(String name) {
    return request.getHeaders().get(name);
  }

  /** Every request header, in arrival order (names as sent). */
  Iterable<org.eclipse.jetty.http.HttpField> headers() {
    return request.getHeaders();
  }

  /** The query parameters, decoded as UTF-8. */
  Fields query() {
    if (query == null) {
      try {
        query = Request.extractQueryParameters(request);
      } catch (RuntimeException e) {
        throw HttpError.badRequest("query string is malformed: " + e.getMessage());
      }
    }
    return query;
  }

  /** One query parameter, or null; 400 if it is given more than once. */
  String param(String name) {
    List<String> values = query().getValuesOrEmpty(name);
    if (values.size() > 1) {
      throw HttpError.badRequest(
          "query parameter '" + name + "' is given " + values.size() + " times");
    }
    return values.isEmpty() ? null : values.get(0);
  }

  /** The declared body length, or -1 if the body is chunked or absent. */
  long contentLength() {
    return request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
  }

  /**
   * The request body as a stream, at most the body limit: a declared length over it is refused at
   * once with 413; a chunked body that grows past it fails the read (see {@link #bodyError()}).
   */
  InputStream body() {
    if (body == null) {
      long declared = contentLength();
      if (declared > maxBodyBytes) {
        throw new HttpError(
            413,
            "request body of " + declared + " bytes is larger than the limit of " + maxBodyBytes);
      }
      body = new Body(Content.Source.asInputStream(request), maxBodyBytes, metrics);
    }
    return body;
  }

  /**
   * The error that reading the body ran into, or null: 413 past the limit, 408 when the client
   * stopped sending for the idle timeout, 400 for a body that broke off otherwise. A store
   * operation that failed because its input failed is answered with this.
   */
  HttpError bodyError() {
    return body == null ? null : body.error;
  }

  /** Sets a response header, replacing any of the same name. */
  void setHeader(String name, String value) {
    response.getHeaders().put(name, value);
  }

  void setStatus(int status) {
    response.setStatus(status);
  }

  /** The response body stream; the first write commits the status and headers. */
  OutputStream out() {
    if (out == null) {
      out = new CountingOutputStream(Content.Sink.asOutputStream(response), metrics);
    }
    return out;
  }

  /** Copies {@code in} to the response body with a large buffer; returns the bytes copied. */
  long copyToResponse(InputStream in) throws IOException {
    byte[] buf = new byte[COPY_BUFFER];
    OutputStream o = out();
    long total = 0;
    int n;
    while ((n = in.read(buf)) >= 0) {
      o.write(buf, 0, n);
      total += n;
    }
    return total;
  }

  /** Sends {@code value} as JSON with {@code status}. */
  void sendJson(int status, Object value) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(value);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    if (!isHead()) {
      out().write(bytes);
    }
  }

  /** Sends text with {@code status} and a content type. */
  void sendText(int status, String contentType, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    if (!isHead()) {
      out().write(bytes);
    }
  }

  /** Sends a status without a body. */
  void sendEmpty(int status) {
    response.setStatus(status);
    if (status != 204 && status != 304) {
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
    }
  }

  /**
   * Sends {@code {"error": message}} with the error's status and headers, dropping any set before.
   */
  void sendError(HttpError e) throws IOException {
    response.reset();
    e.headers().forEach(this::setHeader);
    if (e.status() == 401) {
      setHeader("WWW-Authenticate", "Bearer realm=\"blobkeep\"");
    }
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("error", e.getMessage());
    sendJson(e.status(), error);
  }

  /** Ends the response body, writing the last (possibly empty) chunk. */
  void finish() throws IOException {
    if (out != null) {
      out.close();
    } else if (!response.hasLastWrite()) {
      Content.Sink.write(response, true, ByteBuffer.allocate(0));
    }
  }

  /** Drops the status and headers set so far; only before anything was sent. */
  void resetResponse() {
    response.reset();
  }

  /** Response body bytes written so far. */
  long bytesSent() {
    return out == null ? 0 : out.count;
  }

  boolean isCommitted() {
    return response.isCommitted();
  }

  int status() {
    return response.getStatus();
  }

  /** The request body: counts bytes into the metrics and stops at the limit. */
  private static final class Body extends InputStream {
    private final InputStream in;
    private final long max;
    private final Metrics metrics;
    private long count;
    HttpError error;

    Body(InputStream in, long max, Metrics metrics) {
      this.in = in;
      this.max = max;
      this.metrics = metrics;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (error != null) {
        throw new IOException(error.getMessage());
      }
      int n;
      try {
        long room = max - count;
        // Ask for one byte past the limit at most, so a body that is too large is noticed.
        n = in.read(b, off, room >= len ? len : (int) room + 1);
      } catch (IOException e) {
        error = broken(e);
        throw e;
      }
      if (n > 0) {
        count += n;
        metrics.bytesIn(n);
        if (count > max) {
          error = new HttpError(413, "request body is larger than the limit of " + max + " bytes");
          throw new IOException(error.getMessage());
        }
      }
      return n;
    }

    private HttpError broken(IOException e) {
      if (IdleTimeouts.idledOut(e)) {
        return new HttpError(
            408,
            "request body stopped arriving for the connection's idle timeout after "
                + count
                + " bytes ("
                + e.getMessage()
                + "); nothing was stored");
      }
      return HttpError.badRequest(
          "request body broke off after " + count + " bytes: " + e.getMessage());
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** The response body: counts bytes into the metrics. */
  private static final class CountingOutputStream extends OutputStream {
    private final OutputStream out;
    private final Metrics metrics;
    private long count;

    CountingOutputStream(OutputStream out, Metrics metrics) {
      this.out = out;
      this.metrics = metrics;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
      metrics.bytesOut(1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
      metrics.bytesOut(len);
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
