package dev.blobkeep.server;

import dev.blobkeep.BlobInfo;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;

/**
 * User fields carried in {@code x-blobkeep-meta-<name>} headers: read from uploads (the name
 * lower-cased, the value a string) and written back on downloads for fields whose value is a
 * printable ASCII scalar.
 */
final class MetaHeaders {
  static final String PREFIX = "x-blobkeep-meta-";

  private MetaHeaders() {}

  /** The user fields in the request's headers. 400 if one is empty or given twice. */
  static Map<String, Object> read(Exchange ex) {
    Map<String, Object> meta = new LinkedHashMap<>();
    for (HttpField f : ex.headers()) {
      String name = f.getName().toLowerCase(Locale.ROOT);
      if (!name.startsWith(PREFIX)) {
        continue;
      }
      String field = name.substring(PREFIX.length());
      if (field.isEmpty()) {
        throw HttpError.badRequest("header '" + f.getName() + "' names no user field");
      }
      if (meta.put(field, f.getValue()) != null) {
        throw HttpError.badRequest("user field '" + field + "' is given in more than one header");
      }
    }
    return meta;
  }

  /** Sets a header for each user field that can be one. */
  static void write(Exchange ex, BlobInfo info) {
    if (info.meta() == null) {
      return;
    }
    info.meta()
        .forEach(
            (name, value) -> {
              if (value == null || value instanceof Map || value instanceof Iterable) {
                return;
              }
              String text = value.toString();
              if (name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+") && printable(text)) {
                ex.setHeader(PREFIX + name, text);
              }
            });
  }

  private static boolean printable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
