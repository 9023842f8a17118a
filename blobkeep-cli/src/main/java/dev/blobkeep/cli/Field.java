package dev.blobkeep.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A user field given as {@code NAME=VALUE} ({@code --meta}, {@code --where}, {@code meta}). The
 * value is everything after the first {@code =} and is always a string.
 *
 * @param name the field name, not empty
 * @param value the value, possibly empty
 */
record Field(String name, String value) {

  /** Converts {@code NAME=VALUE} text; no {@code =} or an empty name is a usage error. */
  static final class Converter implements ITypeConverter<Field> {
    @Override
    public Field convert(String text) {
      int eq = text.indexOf('=');
      if (eq <= 0) {
        throw new TypeConversionException("'" + text + "' is not NAME=VALUE");
      }
      return new Field(text.substring(0, eq), text.substring(eq + 1));
    }
  }

  /** The fields as a map in the order given; a later field replaces an earlier one of that name. */
  static Map<String, String> toMap(List<Field> fields) {
    Map<String, String> map = new LinkedHashMap<>();
    for (Field f : fields) {
      map.put(f.name(), f.value());
    }
    return map;
  }
}
