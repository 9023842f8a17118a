package dev.blobkeep.cli;

import dev.blobkeep.PutOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A user field given as {@code NAME=VALUE} ({@code --meta}, {@code --where}, {@code meta}). The
 * value is the text after the first {@code =}: a string for {@code --meta} and {@code meta}, read
 * by {@link dev.blobkeep.Query#valueOf(String)} for {@code --where}.
 *
 * @param name the field name, not empty
 * @param value the value, possibly empty
 */
record Field(String name, String value) {

  /**
   * Converts {@code NAME=VALUE} text; no {@code =}, or a name or value the store refuses, is a
   * usage error.
   */
  static final class Converter implements ITypeConverter<Field> {
    @Override
    public Field convert(String text) {
      int eq = text.indexOf('=');
      if (eq <= 0) {
        throw new TypeConversionException("'" + text + "' is not NAME=VALUE");
      }
      String name = text.substring(0, eq);
      String value = text.substring(eq + 1);
      Names.checked(name, n -> PutOptions.defaults().meta(n, value));
      return new Field(name, value);
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
