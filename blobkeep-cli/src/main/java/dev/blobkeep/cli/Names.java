package dev.blobkeep.cli;

import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.PutOptions;
import java.util.function.Consumer;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Bucket names and keys given as option values, checked by the library's rules while the command
 * line is read, so a malformed one is a usage error (exit status 2) naming the value. Thread-safe.
 */
final class Names {
  private Names() {}

  /** Converts a {@code --bucket} value. */
  static final class Bucket implements ITypeConverter<String> {
    @Override
    public String convert(String text) {
      return checked(text, t -> PutOptions.defaults().bucket(t));
    }
  }

  /** Converts a {@code --key} value. */
  static final class Key implements ITypeConverter<String> {
    @Override
    public String convert(String text) {
      return checked(text, t -> PutOptions.defaults().key(t));
    }
  }

  /** {@code text} if {@code check} accepts it; else the library's message as a usage error. */
  static String checked(String text, Consumer<String> check) {
    try {
      check.accept(text);
      return text;
    } catch (InvalidArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
