package dev.blobkeep.server.s3;

import dev.blobkeep.server.jetty.IdleTimeouts;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;

/** One S3 request and its response, as the operations see them. Not thread-safe. */
final class Exchange {
  private static final int SEND_BUFFER = 128 * 1024;
  final S3Request req;
  final Response response;
  final String requestId;
  final long maxBodyBytes;
  Authenticator.Auth auth;
  private OutputStream out;
  private IOException bodyFailure;
  private long bytesIn;
  private long bytesOut;

  Exchange(S3Request req, Response response, String requestId, long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
    this.req = req;
    this.response = response;
    this.requestId = requestId;
  }

  /** The raw request body. */
  InputStream rawBody() {
    InputStream in = Content.Source.asInputStream(req.jetty);
    return new BufferedInputStream(
        new FilterInputStream(in) {
          @Override
          public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
          }

          @Override
          public int read(byte[] buffer, int off, int len) throws IOException {
            int n;
            try {
              n = super.read(buffer, off, len);
            } catch (IOException e) {
              bodyFailure = e;
              throw e;
            }
            bytesIn += Math.max(0, n);
            return n;
          }
        },
        64 * 1024);
  }

  /**
   * The S3 error for a failure to read the request body, or null if reading it did not fail: 400
   * RequestTimeout when the client stopped sending for the idle timeout, 400 IncompleteBody when
   * the body broke off otherwise.
   */
  S3Exception bodyFailure() {
    if (bodyFailure == null) {
      return null;
    }
    String how = " after " + bytesIn + " body bytes (" + bodyFailure.getMessage() + ")";
    if (IdleTimeouts.idledOut(bodyFailure)) {
      return new S3Exception(
          400,
          "RequestTimeout",
          "Your socket connection to the server was not read from or written to within the"
              + " timeout period: the body stopped arriving"
              + how);
    }
    return new S3Exception(400, "IncompleteBody", "the request body broke off" + how);
  }

  /** Request body bytes read so far, as sent (before aws-chunked decoding). */
  long bytesIn() {
    return bytesIn;
  }

  /** Response body bytes written so far. */
  long bytesOut() {
    return bytesOut;
  }

  /** Counts bytes written around the exchange's stream (an error document, for one). */
  void wrote(long n) {
    bytesOut += n;
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
      out =
          new FilterOutputStream(Content.Sink.asOutputStream(response)) {
            @Override
            public void write(int b) throws IOException {
              out.write(b);
              bytesOut++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              out.write(b, off, len);
              bytesOut += len;
            }
          };
    }
    return out;
  }

  /**
   * Copies {@code in} to the response body through a buffer large enough that an object of up to
   * {@value #SEND_BUFFER} bytes is one write: each write to the response waits until it is sent.
   */
  void send(InputStream in) throws IOException {
    byte[] buffer = new byte[SEND_BUFFER];
    OutputStream o = out();
    for (int n; (n = in.readNBytes(buffer, 0, buffer.length)) > 0; ) {
      o.write(buffer, 0, n);
    }
  }

  void finish() throws IOException {
    if (out != null) {
      out.close();
    }
  }
}
