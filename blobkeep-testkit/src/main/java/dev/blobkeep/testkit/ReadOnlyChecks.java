package dev.blobkeep.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.ReadOnlyStoreException;
import java.util.List;
import java.util.Map;

/** What every read-only open of a server store must do, whoever keeps it from writing. */
public final class ReadOnlyChecks {
  private ReadOnlyChecks() {}

  /**
   * Asserts that {@code reader} reads {@code blob} (the only blob of its bucket) as {@code content}
   * and verifies the store clean, and that put, updateMeta, delete and gc each fail with {@link
   * ReadOnlyStoreException} before reaching the database.
   */
  public static void readsAndIsRefusedWrites(BlobStore reader, BlobInfo blob, byte[] content) {
    assertThat(reader.getBytes(blob.ref())).isEqualTo(content);
    assertThat(reader.info(blob.ref()).sha256()).isEqualTo(blob.sha256());
    assertThat(reader.list(Query.bucket(blob.bucket())).items()).hasSize(1);
    assertThat(reader.verifyAll().problems()).isEmpty();

    assertThatThrownBy(() -> reader.put(new byte[] {'x'}, PutOptions.at(blob.bucket(), "x")))
        .isInstanceOf(ReadOnlyStoreException.class)
        .hasMessageStartingWith("store " + reader.location() + " is open read-only: ");
    assertThatThrownBy(() -> reader.updateMeta(blob.ref(), Map.of("a", 1), List.of()))
        .isInstanceOf(ReadOnlyStoreException.class);
    assertThatThrownBy(() -> reader.delete(blob.ref())).isInstanceOf(ReadOnlyStoreException.class);
    assertThatThrownBy(reader::gc).isInstanceOf(ReadOnlyStoreException.class);
  }
}
