package dev.blobkeep.cli;

import dev.blobkeep.BlobRef;
import dev.blobkeep.InvalidArgumentException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a REF argument, an id or {@code BUCKET/KEY} ({@link BlobRef#parse(String)}); malformed text
 * is a usage error. Thread-safe.
 */
final class Refs implements ITypeConverter<BlobRef> {
  @Override
  public BlobRef convert(String text) {
    try {
      return BlobRef.parse(text);
    } catch (InvalidArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
