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
import java.util.Locale;
import java.util.Map;

/** User fields as JSON: validation, parsing and canonical text. Thread-safe. */
public final class Json {
  /** Largest serialized user-field object accepted. */
  public static final int MAX_META_BYTES = 64 * 1024;

  public static final int MAX_FIELD_NAME_LENGTH = 256;

  /**
   * Longest number accepted, in digits of its plain form. Every double fits (at most 309 digits);
   * PostgreSQL's jsonb stores numbers in plain form, so a value like {@code 1e5000} would come back
   * as 5,001 digits.
   */
  static final int MAX_NUMBER_LENGTH = 1000;

  private static final int MAX_DEPTH = 32;

  /**
   * Holds the mapper, built on first use: checking a field name (every {@code Query} does) must not
   * pay for building it, which is a noticeable share of a short command's start.
   */
  private static final class Holder {
    static final ObjectMapper MAPPER =
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
                  .maxNumberLength(MAX_NUMBER_LENGTH)
                  .build());
    }
  }

  private Json() {}

  /** The shared mapper, configured strictly. */
  public static ObjectMapper mapper() {
    return Holder.MAPPER;
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
      node = mapper().readTree(json);
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
    Map<String, Object> map = mapper().convertValue(node, LinkedHashMap.class);
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
            "user field name "
                + Quoted.of(name)
                + " has character "
                + String.format(Locale.ROOT, "U+%04X", (int) c)
                + " at index "
                + i
                + " (control characters, '\"' and '\\' are not allowed)");
      }
    }
  }

  /** Values compared in queries: string, number, boolean or null. */
  public static void checkScalar(String field, Object value) {
    if (value instanceof String text) {
      checkText(field, text);
    }
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
    if (value == null || value instanceof Boolean) {
      return;
    }
    if (value instanceof String str) {
      checkText(field, str);
      return;
    }
    if (isNumber(value)) {
      if (plainLength(value) > MAX_NUMBER_LENGTH) {
        throw new InvalidArgumentException(
            "user field '"
                + field
                + "' is a number of more than "
                + MAX_NUMBER_LENGTH
                + " digits written out, which not every backend can store");
      }
      if ((value instanceof Double d && !Double.isFinite(d))
          || (value instanceof Float f && !Float.isFinite(f))) {
        throw new InvalidArgumentException(
            "user field '" + field + "' is " + value + ", which JSON cannot hold");
      }
      return;
    }
    if (value instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String name)) {
          throw new InvalidArgumentException(
              "user field '" + field + "' has a non-string member name: " + e.getKey());
        }
        checkText(field, name);
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

  /** Text must be valid UTF-16 without NUL: PostgreSQL's jsonb cannot hold U+0000. */
  private static void checkText(String field, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        throw new InvalidArgumentException(
            "user field '"
                + field
                + "' contains U+0000 at index "
                + i
                + ", which not every backend can store");
      }
      if (Character.isSurrogate(c)) {
        boolean paired =
            Character.isHighSurrogate(c)
                && i + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(i + 1));
        if (!paired) {
          throw new InvalidArgumentException(
              "user field '"
                  + field
                  + "' has an unpaired surrogate at index "
                  + i
                  + " (not UTF-8)");
        }
        i++;
      }
    }
  }

  private static int plainLength(Object number) {
    if (number instanceof BigDecimal d) {
      return d.unscaledValue().abs().toString().length() + Math.abs(d.scale());
    }
    if (number instanceof BigInteger b) {
      return b.abs().toString().length();
    }
    return 0; // int, long, float and double always fit
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
    if (value instanceof Map<?, ?> map && map.isEmpty()) {
      return "{}";
    }
    try {
      return mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new InvalidArgumentException("value cannot be written as JSON: " + e.getMessage());
    }
  }

  /** Reads stored user fields; null or empty text is an empty object. */
  public static Map<String, Object> readStored(String json) {
    if (json == null || json.isEmpty() || json.equals("{}")) {
      return Map.of();
    }
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = mapper().readValue(json, LinkedHashMap.class);
      return Collections.unmodifiableMap(map);
    } catch (JsonProcessingException e) {
      throw new dev.blobkeep.BlobCorruptException(
          "stored user fields are not valid JSON: " + e.getOriginalMessage());
    }
  }
}
