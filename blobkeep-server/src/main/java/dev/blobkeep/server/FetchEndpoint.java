package dev.blobkeep.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.blobkeep.BlobExistsException;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.fetch.FetchException;
import dev.blobkeep.fetch.Fetcher;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * POST /fetch: stores the body of an HTTP(S) URL as a blob through the library's {@link Fetcher},
 * with its guards (scheme, private addresses, redirects, size and time limits). The request is a
 * JSON object: {@code {"url": "...", "bucket": "...", "key": "..." (optional, else the server makes
 * one), "contentType": "..." (optional), "meta": {...} (optional), "ifAbsent": false}} sent as
 * {@code Content-Type: application/json}; any other type is refused (415) before the body is read,
 * so that a form or {@code text/plain} POST from another web site (a "simple" request, sent without
 * a CORS preflight) cannot start a fetch.
 *
 * <p>The status follows the library's {@link FetchException#kind()}: a URL the guards refuse is the
 * client's mistake (400); a source that fails or answers an error is a bad gateway (502), one that
 * is too slow a gateway timeout (504).
 */
final class FetchEndpoint implements ApiHandler.Endpoint {
  private static final int MAX_REQUEST_BYTES = 64 * 1024;

  private final BlobStore store;
  private final Fetcher fetcher;

  FetchEndpoint(BlobStore store, Fetcher fetcher) {
    this.store = store;
    this.fetcher = fetcher;
  }

  @Override
  public void handle(Exchange ex, Access.Grant grant) throws IOException {
    requireJson(ex.header("Content-Type"));
    JsonNode request = readRequest(ex);
    String url = text(request, "url", true);
    String bucket = text(request, "bucket", true);
    Access.check(grant, bucket, true);
    String key = text(request, "key", false);
    PutOptions options = PutOptions.in(bucket).key(key == null ? BlobWrites.newKey() : key);
    String type = text(request, "contentType", false);
    if (type != null) {
      options = options.contentType(type);
    }
    JsonNode meta = request.get("meta");
    if (meta != null && !meta.isNull()) {
      if (!meta.isObject()) {
        throw HttpError.badRequest("'meta' must be a JSON object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = Exchange.JSON.convertValue(meta, Map.class);
      options = options.meta(fields);
    }
    JsonNode ifAbsent = request.get("ifAbsent");
    if (ifAbsent != null && ifAbsent.asBoolean(false)) {
      options = options.ifAbsent();
    }
    BlobInfo info;
    try {
      info = fetcher.fetch(store, uri(url), options);
    } catch (BlobExistsException e) {
      throw new HttpError(412, "precondition failed: " + e.getMessage(), e);
    } catch (FetchException e) {
      throw new HttpError(status(e), e.getMessage(), e);
    }
    BlobWrites.answer(ex, 201, info);
  }

  /** Refuses (415) a request body that is not declared as JSON, naming the type it has. */
  static void requireJson(String contentType) {
    String type =
        contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!type.equals("application/json")) {
      throw new HttpError(
          415,
          "fetch request must be sent as Content-Type: application/json, got "
              + (contentType == null || contentType.isBlank() ? "no Content-Type" : contentType));
    }
  }

  private static JsonNode readRequest(Exchange ex) throws IOException {
    byte[] body = ex.body().readNBytes(MAX_REQUEST_BYTES + 1);
    if (body.length > MAX_REQUEST_BYTES) {
      throw new HttpError(413, "fetch request is larger than " + MAX_REQUEST_BYTES + " bytes");
    }
    JsonNode node;
    try {
      node = Exchange.JSON.readTree(new String(body, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw HttpError.badRequest("fetch request is not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw HttpError.badRequest(
          "fetch request must be a JSON object such as {\"url\": \"https://...\", \"bucket\": \"b\"}");
    }
    return node;
  }

  private static String text(JsonNode request, String field, boolean required) {
    JsonNode n = request.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        throw HttpError.badRequest("fetch request has no '" + field + "'");
      }
      return null;
    }
    if (!n.isTextual()) {
      throw HttpError.badRequest("'" + field + "' must be a string");
    }
    return n.textValue();
  }

  private static URI uri(String url) {
    try {
      return new URI(url);
    } catch (URISyntaxException e) {
      throw HttpError.badRequest("url '" + url + "' is not a URI: " + e.getReason());
    }
  }

  /**
   * 400 when the library refused the URL the client gave or an address it resolves to, 504 when the
   * source was too slow, 502 for any other failure of the source (including a redirect the guards
   * refuse: the source chose it).
   */
  static int status(FetchException e) {
    return switch (e.kind()) {
      case BAD_URL, REFUSED_ADDRESS -> 400;
      case TIMEOUT -> 504;
      case BAD_REDIRECT,
          DNS_FAILURE,
          CONNECT_REFUSED,
          CONNECT_FAILED,
          TLS,
          HTTP_STATUS,
          TOO_MANY_REDIRECTS,
          TOO_LARGE,
          PROTOCOL,
          CONNECTION_LOST ->
          502;
    };
  }
}
