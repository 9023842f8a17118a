package dev.blobkeep.server;

import dev.blobkeep.BlobInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON shape of a blob's info in answers and listings; fields that are not set are left out.
 */
final class BlobJson {
  private BlobJson() {}

  static Map<String, Object> of(BlobInfo info) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", info.id());
    putIfSet(m, "bucket", info.bucket());
    putIfSet(m, "key", info.key());
    if (info.size() >= 0) {
      m.put("size", info.size());
    }
    putIfSet(m, "contentType", info.contentType());
    putIfSet(m, "sha256", info.sha256());
    putIfSet(m, "created", info.created() == null ? null : info.created().toString());
    putIfSet(m, "updated", info.updated() == null ? null : info.updated().toString());
    putIfSet(m, "meta", info.meta());
    return m;
  }

  private static void putIfSet(Map<String, Object> m, String name, Object value) {
    if (value != null) {
      m.put(name, value);
    }
  }
}
