package dev.blobkeep.cli;

import dev.blobkeep.PutOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where a new blob goes: the {@code --bucket}, {@code --key} and {@code --meta} options, shared by
 * the commands that create a blob ({@code put}, {@code alloc}, {@code fetch}) as a picocli {@link
 * Mixin}. Picocli fills one instance per command line; not thread-safe.
 */
final class Placement {
  @Option(
      names = "--bucket",
      paramLabel = "B",
      converter = Names.Bucket.class,
      description = "Bucket (default: default).")
  String bucket;

  @Option(
      names = "--key",
      paramLabel = "K",
      converter = Names.Key.class,
      description = "Key, unique within the bucket.")
  String key;

  @Option(
      names = "--meta",
      paramLabel = "NAME=VALUE",
      converter = Field.Converter.class,
      description = "A user field (a string); repeatable.")
  List<Field> meta = new ArrayList<>();

  /**
   * Put options for the given bucket (the default if none), key (none if not given) and user
   * fields.
   *
   * @throws dev.blobkeep.InvalidArgumentException naming a bad bucket, key or field name
   */
  PutOptions options() {
    PutOptions options = PutOptions.defaults();
    if (bucket != null) {
      options = options.bucket(bucket);
    }
    if (key != null) {
      options = options.key(key);
    }
    return options.meta(Field.toMap(meta));
  }
}
