package dev.blobkeep.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request that ends with an error status and a one-line message, sent as {@code {"error":
 * "..."}}. Thrown by the endpoints and turned into a response by {@link ApiHandler}.
 */
final class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final Map<String, String> headers = new LinkedHashMap<>();

  HttpError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  HttpError(int status, String message, Throwable cause) {
    super(message, cause, false, false);
    this.status = status;
  }

  static HttpError badRequest(String message) {
    return new HttpError(400, message);
  }

  /** Adds a header sent with the error response, such as {@code Content-Range} on a 416. */
  HttpError header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  int status() {
    return status;
  }

  Map<String, String> headers() {
    return headers;
  }
}
