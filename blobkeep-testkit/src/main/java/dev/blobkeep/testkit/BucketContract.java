package dev.blobkeep.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BucketInfo;
import dev.blobkeep.BucketNotEmptyException;
import dev.blobkeep.BucketNotFoundException;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.Page;
import dev.blobkeep.PutOptions;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Buckets of the store's own: they exist while empty, and are deleted only when empty. */
public abstract class BucketContract extends ContractBase {

  @Test
  void anEmptyBucketExistsUntilDeleted() {
    Instant before = Instant.ofEpochMilli(System.currentTimeMillis());
    assertThat(store.createBucket("photos")).isTrue();
    assertThat(store.createBucket("photos")).isFalse();

    BucketInfo info = store.bucket("photos").orElseThrow();
    assertThat(info.name()).isEqualTo("photos");
    assertThat(info.created()).isAfterOrEqualTo(before);
    assertThat(store.buckets(null, 10).items()).containsExactly("photos");
    assertThat(store.bucketInfos(null, 10).items()).containsExactly(info);

    store.deleteBucket("photos");
    assertThat(store.bucket("photos")).isEmpty();
    assertThat(store.buckets(null, 10).items()).isEmpty();
  }

  @Test
  void aBucketSurvivesItsLastBlob() {
    BlobInfo blob = store.put(new byte[] {1}, PutOptions.at("docs", "a"));
    assertThat(store.bucket("docs")).isPresent();
    store.delete(blob.ref());
    assertThat(store.bucket("docs")).isPresent();
    assertThat(store.buckets(null, 10).items()).containsExactly("docs");
  }

  @Test
  void aBucketHoldingAnyBlobIsNotDeleted() {
    BlobInfo blob = store.put(new byte[] {1}, PutOptions.at("docs", "a"));
    assertThatThrownBy(() -> store.deleteBucket("docs"))
        .isInstanceOf(BucketNotEmptyException.class)
        .hasMessage(
            "bucket docs is not empty (it holds blob " + blob.id() + "); nothing was deleted");
    assertThat(store.bucket("docs")).isPresent();
    assertThat(store.exists(blob.ref())).isTrue();

    store.delete(blob.ref());
    store.deleteBucket("docs");
    assertThat(store.bucket("docs")).isEmpty();
  }

  @Test
  void deletingAMissingBucketFailsNamingIt() {
    assertThatThrownBy(() -> store.deleteBucket("nothing-here"))
        .isInstanceOf(BucketNotFoundException.class)
        .hasMessage("no bucket nothing-here");
    assertThatThrownBy(() -> store.createBucket("bad/name"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("bad/name");
  }

  @Test
  void bucketsArePagedInBinaryOrderWithEmptyOnesIncluded() {
    store.createBucket("b.2");
    store.createBucket("Zeta");
    store.put(new byte[] {1}, PutOptions.at("a-1", "x"));
    store.allocate(10, PutOptions.in("docs"));

    Page<BucketInfo> first = store.bucketInfos(null, 2);
    assertThat(first.items()).extracting(BucketInfo::name).containsExactly("Zeta", "a-1");
    assertThat(first.nextCursor()).isEqualTo("a-1");
    Page<String> rest = store.buckets(first.nextCursor(), 10);
    assertThat(rest.items()).containsExactly("b.2", "docs");
    assertThat(rest.hasMore()).isFalse();
    assertThatThrownBy(() -> store.bucketInfos(null, 1001))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("1001");
  }

  @Test
  void aBucketMadeInARolledBackTransactionIsGone() {
    assertThatThrownBy(
            () ->
                store.useTransaction(
                    tx -> {
                      tx.createBucket("gone");
                      tx.put(new byte[] {1}, PutOptions.at("also-gone", "k"));
                      throw new IllegalStateException("roll back");
                    }))
        .hasMessage("roll back");
    assertThat(store.bucket("gone")).isEmpty();
    assertThat(store.bucket("also-gone")).isEmpty();
  }

  @Test
  void theUpgradeToBucketsListsTheBucketsBlobsAlreadyHad() throws Exception {
    store.put(new byte[0], PutOptions.at("old", "k")); // no content: none kept inline (v5)
    store.close();
    // as a store made before buckets were kept: no rows, then the step that fills them again
    sql("ALTER TABLE " + fixture.table("blobs") + " DROP COLUMN inline_data");
    sql("ALTER TABLE " + fixture.table("blobs") + " DROP COLUMN inline_crc");
    sql("DELETE FROM " + fixture.table("buckets"));
    sql("DROP TABLE " + fixture.table("buckets"));
    sql("ALTER TABLE " + fixture.table("blobs") + " DROP COLUMN md5");
    sql("ALTER TABLE " + fixture.table("blobs") + " DROP COLUMN etag");
    sql("DROP INDEX " + indexName("blobkeep_blobs_staged"));
    sql("UPDATE " + fixture.table("settings") + " SET value = '3' WHERE name = 'schema_version'");
    store = fixture.open(options());
    assertThat(store.buckets(null, 10).items()).containsExactly("old");
    assertThat(store.bucket("old")).isPresent();
  }

  /** An index name qualified like the store's tables. */
  private String indexName(String name) {
    String blobs = fixture.table("blobs");
    return blobs.substring(0, blobs.length() - "blobkeep_blobs".length()) + name;
  }
}
