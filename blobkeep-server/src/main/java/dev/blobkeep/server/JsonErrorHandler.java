package dev.blobkeep.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers itself, before a request reaches {@link ApiHandler} (a malformed
 * request line, headers over the limit, an ambiguous URI): answered as {@code {"error": "..."}}
 * like every other error, never as an HTML page or a stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback)
      throws IOException {
    byte[] body = body(code, message);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    return ByteBuffer.wrap(body(status, reason));
  }

  private static byte[] body(int code, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    String reason = HttpStatus.getMessage(code);
    error.put(
        "error",
        message == null || message.isBlank() || message.equals(reason)
            ? reason.toLowerCase(java.util.Locale.ROOT)
            : message);
    try {
      return Exchange.JSON.writeValueAsBytes(error);
    } catch (IOException e) {
      return ("{\"error\":\"" + code + "\"}").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
  }
}
