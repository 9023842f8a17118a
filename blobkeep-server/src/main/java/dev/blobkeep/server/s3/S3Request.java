package dev.blobkeep.server.s3;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Request;

/**
 * The parts of an HTTP request that S3 looks at: method, raw path and query as sent (signatures are
 * computed over them), the decoded query parameters, headers, and the bucket and key the request
 * addresses (path style, or virtual-host style under a configured domain).
 */
final class S3Request {
  final Request jetty;
  final String method;
  final String rawPath;
  final String rawQuery;
  final Map<String, String> params = new LinkedHashMap<>();
  final String bucket;
  final String key;

  S3Request(Request jetty, String domain) {
    this.jetty = jetty;
    this.method = jetty.getMethod();
    String path = jetty.getHttpURI().getPath();
    this.rawPath = path == null || path.isEmpty() ? "/" : path;
    this.rawQuery = jetty.getHttpURI().getQuery();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        params.putIfAbsent(name, value);
      }
    }
    String hostBucket = virtualHostBucket(header("Host"), domain);
    String decodedPath = decode(rawPath.substring(1));
    if (hostBucket != null) {
      bucket = hostBucket;
      key = decodedPath.isEmpty() ? null : decodedPath;
    } else {
      int slash = decodedPath.indexOf('/');
      if (decodedPath.isEmpty()) {
        bucket = null;
        key = null;
      } else if (slash < 0) {
        bucket = decodedPath;
        key = null;
      } else {
        bucket = decodedPath.substring(0, slash);
        String rest = decodedPath.substring(slash + 1);
        key = rest.isEmpty() ? null : rest;
      }
    }
  }

  private static String virtualHostBucket(String host, String domain) {
    if (domain == null || host == null) {
      return null;
    }
    String h = host;
    int colon = h.lastIndexOf(':');
    if (colon > 0 && h.indexOf(']') < colon) {
      h = h.substring(0, colon);
    }
    String suffix = "." + domain;
    return h.endsWith(suffix) && h.length() > suffix.length()
        ? h.substring(0, h.length() - suffix.length())
        : null;
  }

  /** The first value of a header, or null. */
  String header(String name) {
    return jetty.getHeaders().get(name);
  }

  /** Every value of a header, in order. */
  List<String> headers(String name) {
    List<String> out = new ArrayList<>();
    for (HttpField f : jetty.getHeaders()) {
      if (f.getName().equalsIgnoreCase(name)) {
        out.add(f.getValue());
      }
    }
    return out;
  }

  /** A query parameter's decoded value, or null. */
  String param(String name) {
    return params.get(name);
  }

  boolean has(String param) {
    return params.containsKey(param);
  }

  /** Percent-decodes as UTF-8; {@code +} stays {@code +} (S3 clients encode a space as %20). */
  static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b == '%' && i + 2 < bytes.length) {
        int hi = Character.digit(bytes[i + 1], 16);
        int lo = Character.digit(bytes[i + 2], 16);
        if (hi >= 0 && lo >= 0) {
          out.write(hi * 16 + lo);
          i += 2;
          continue;
        }
      }
      out.write(b);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
