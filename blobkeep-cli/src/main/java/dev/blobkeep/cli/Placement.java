package dev.blobkeep.cli;

import dev.blobkeep.PutOptions;
import java.util.List;

/** Where a new blob goes: the {@code --bucket}, {@code --key} and {@code --meta} options. */
final class Placement {
  private Placement() {}

  /**
   * Put options for the given bucket (null for the default), key (null for none) and user fields.
   *
   * @throws dev.blobkeep.InvalidArgumentException naming a bad bucket, key or field name
   */
  static PutOptions options(String bucket, String key, List<Field> meta) {
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
