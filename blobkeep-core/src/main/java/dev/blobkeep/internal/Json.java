package dev.blobkeep.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.blobkeep.InvalidArgumentException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** User fields as JSON: validation, parsing and canonical text. Thread-safe. */
public final class Json {
  /** Largest serialized user-field object accepted. */
  public static final int MAX_META_BYTES = 64 * 1024;

  public static final int MAX_FIELD_NAME_LENGTH = 256;
  private static final int MAX_DEPTH = 32;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  static {
    MAPPER
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxStringLength(MAX_META_BYTES)
                .maxNumberLength(100)
                .build());
  }

  private Json() {}

  /** The shared mapper, configured strictly. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Parses text that must be a JSON object into an unmodifiable map of its members.
   *
   * @throws InvalidArgumentException naming what was found instead
   */
  public static Map<String, Object> parseObject(String json) {
    if (json == null) {
      throw new InvalidArgumentException("user fields are null (expected a JSON object)");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidArgumentException(
          "user fields are not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new InvalidArgumentException(
          "user fields must be a JSON object, got "
              + (node == null
                  ? "nothing"
                  : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = MAPPER.convertValue(node, LinkedHashMap.class);
    return checkFields(map);
  }

  /**
   * Validates user fields (names and JSON-representable values, at most {@value #MAX_META_BYTES}
   * bytes serialized) and returns an unmodifiable copy.
   */
  public static Map<String, Object> checkFields(Map<String, ?> fields) {
    if (fields == null) {
      throw new InvalidArgumentException("user fields are null (expected a JSON object)");
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : fields.entrySet()) {
      checkFieldName(e.getKey());
      checkValue(e.getKey(), e.getValue(), 0);
      copy.put(e.getKey(), e.getValue());
    }
    int bytes = write(copy).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (bytes > MAX_META_BYTES) {
      throw new InvalidArgumentException(
          "user fields are " + bytes + " bytes as JSON, more than " + MAX_META_BYTES);
    }
    return Collections.unmodifiableMap(copy);
  }

  /**
   * Field names are 1 to 256 characters without control characters, {@code "} or {@code \}, so
   * every name can be used in a query on every backend.
   */
  public static void checkFieldName(String name) {
    if (name == null || name.isEmpty()) {
      throw new InvalidArgumentException("user field name is empty");
    }
    if (name.length() > MAX_FIELD_NAME_LENGTH) {
      throw new InvalidArgumentException(
          "user field name is "
              + name.length()
              + " characters, longer than "
              + MAX_FIELD_NAME_LENGTH);
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
        throw new InvalidArgumentException(
            "user field name '"
                + name.replace("\0", "\\0")
                + "' has character "
                + String.format("U+%04X", (int) c)
                + " at index "
                + i
                + " (control characters, '\"' and '\\' are not allowed)");
      }
    }
  }

  /** Values compared in queries: string, number, boolean or null. */
  public static void checkScalar(String field, Object value) {
    if (!(value == null
        || value instanceof String
        || value instanceof Boolean
        || isNumber(value))) {
      throw new InvalidArgumentException(
          "user field '"
              + field
              + "' can only be compared with a string, number, boolean or null, got "
              + value.getClass().getSimpleName());
    }
  }

  private static void checkValue(String field, Object value, int depth) {
    if (depth > MAX_DEPTH) {
      throw new InvalidArgumentException(
          "user field '" + field + "' is nested deeper than " + MAX_DEPTH + " levels");
    }
    if (value == null || value instanceof String || value instanceof Boolean) {
      return;
    }
    if (isNumber(value)) {
      if ((value instanceof Double d && !Double.isFinite(d))
          || (value instanceof Float f && !Float.isFinite(f))) {
        throw new InvalidArgumentException(
            "user field '" + field + "' is " + value + ", which JSON cannot hold");
      }
      return;
    }
    if (value instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String)) {
          throw new InvalidArgumentException(
              "user field '" + field + "' has a non-string member name: " + e.getKey());
        }
        checkValue(field, e.getValue(), depth + 1);
      }
      return;
    }
    if (value instanceof List<?> l) {
      for (Object o : l) {
        checkValue(field, o, depth + 1);
      }
      return;
    }
    throw new InvalidArgumentException(
        "user field '"
            + field
            + "' has a "
            + value.getClass().getSimpleName()
            + ", which is not a JSON value (use strings, numbers, booleans, null, lists, maps)");
  }

  private static boolean isNumber(Object v) {
    return v instanceof Integer
        || v instanceof Long
        || v instanceof Short
        || v instanceof Byte
        || v instanceof Double
        || v instanceof Float
        || v instanceof BigDecimal
        || v instanceof BigInteger;
  }

  /** Compact JSON text of a value. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new InvalidArgumentException("value cannot be written as JSON: " + e.getMessage());
    }
  }

  /** Reads stored user fields; null or empty text is an empty object. */
  public static Map<String, Object> readStored(String json) {
    if (json == null || json.isEmpty()) {
      return Map.of();
    }
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = MAPPER.readValue(json, LinkedHashMap.class);
      return Collections.unmodifiableMap(map);
    } catch (JsonProcessingException e) {
      throw new dev.blobkeep.BlobCorruptException(
          "stored user fields are not valid JSON: " + e.getOriginalMessage());
    }
  }
}
