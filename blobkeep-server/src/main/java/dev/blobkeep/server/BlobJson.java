package dev.blobkeep.server;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.Query;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one JSON shape of a blob's metadata, shared by every interface (HTTP answers and listings,
 * the CLI's {@code info} and {@code ls --json}): snake_case names in the order of {@link
 * Query#BUILT_IN_FIELDS} ({@code id, bucket, key, size, content_type, sha256, created, updated,
 * meta}), times in ISO-8601 UTC, a field that is not set as {@code null}. A field added to the
 * metadata (a {@code version} or {@code etag}) goes into {@link Query#BUILT_IN_FIELDS} and {@link
 * #field}, and every interface shows it. Stateless and thread-safe.
 */
public final class BlobJson {
  /** Names accepted on input for a while besides the snake_case ones, e.g. {@code fields=}. */
  private static final Map<String, String> CAMEL_CASE = Map.of("contentType", "content_type");

  private BlobJson() {}

  /**
   * Every field of {@code info}, as a map to serialize; a value not set is null.
   *
   * @param info the blob's metadata
   * @return the fields in their order, as a new map
   */
  public static Map<String, Object> of(BlobInfo info) {
    return pick(info, Query.BUILT_IN_FIELDS);
  }

  /**
   * The named fields of {@code info} in the order given: built-in fields by name, any other name a
   * user field (null if absent).
   *
   * @param info the blob's metadata
   * @param names the fields, snake_case
   * @return the fields in the order given, as a new map
   */
  public static Map<String, Object> pick(BlobInfo info, Collection<String> names) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String name : names) {
      m.put(name, field(info, name));
    }
    return m;
  }

  /**
   * One field of {@code info} as a JSON-ready value; a user field when the name is not built in.
   *
   * @param info the blob's metadata
   * @param name a built-in field's snake_case name, or a user field's
   * @return the value: a string, number, boolean, map or null
   */
  public static Object field(BlobInfo info, String name) {
    return switch (name) {
      case "id" -> info.id();
      case "bucket" -> info.bucket();
      case "key" -> info.key();
      case "size" -> info.size() < 0 ? null : info.size();
      case "content_type" -> info.contentType();
      case "sha256" -> info.sha256();
      case "created" -> info.created() == null ? null : info.created().toString();
      case "updated" -> info.updated() == null ? null : info.updated().toString();
      case "meta" -> info.meta();
      default -> info.meta(name);
    };
  }

  /**
   * The snake_case name for a field name given on input, accepting the older camelCase ones.
   *
   * @param given the name as a request gave it
   * @return the snake_case name
   */
  public static String fieldName(String given) {
    return CAMEL_CASE.getOrDefault(given, given);
  }
}
