package dev.blobkeep.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.Query;
import java.util.List;

/**
 * Blob metadata as JSON in the one shape of every interface ({@link dev.blobkeep.server.BlobJson}):
 * the field names of {@link Query#BUILT_IN_FIELDS} ({@code content_type}, ...), times in ISO-8601
 * UTC ({@code 2024-05-01T12:00:00.123Z}). Thread-safe.
 */
final class BlobJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();
  private static final ObjectWriter PRETTY =
      MAPPER.writer(
          new DefaultPrettyPrinter()
              .withObjectIndenter(new DefaultIndenter("  ", "\n"))
              .withSeparators(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

  private BlobJson() {}

  /** Every field of {@code info}, in the order of {@link Query#BUILT_IN_FIELDS}. */
  static ObjectNode all(BlobInfo info) {
    return pick(info, Query.BUILT_IN_FIELDS);
  }

  /**
   * The named fields of {@code info} in the order given: built-in fields by name, any other name
   * being a user field (null if absent).
   */
  static ObjectNode pick(BlobInfo info, List<String> fields) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    for (String field : fields) {
      node.set(field, field(info, field));
    }
    return node;
  }

  /**
   * One field of {@code info} as JSON; a user field when the name is not built in. The shape is the
   * HTTP API's ({@link dev.blobkeep.server.BlobJson}), so every interface prints the same object.
   */
  static JsonNode field(BlobInfo info, String field) {
    return toTree(dev.blobkeep.server.BlobJson.field(info, field));
  }

  /** A value of {@link dev.blobkeep.server.BlobJson#field} as JSON. */
  static JsonNode toTree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** Compact JSON on one line. */
  static String compact(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Indented JSON, two spaces a level. */
  static String pretty(JsonNode node) {
    try {
      return PRETTY.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }
}
