package dev.blobkeep.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.Page;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.spi.KeyOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Listings in key order ({@link Query#orderByKey()}): UTF-8 binary order on every backend, with
 * prefix, start key and cursor applied by the store, page by page.
 */
public abstract class KeyOrderContract extends ContractBase {
  /** In UTF-8 binary order; Java's String order puts the emoji (a surrogate pair) before U+FFFD. */
  static final List<String> KEYS =
      List.of(
          "A",
          "Z",
          "a",
          "a b",
          "a+b",
          "a/",
          "a/b",
          "a/b/c",
          "a/c",
          "a0",
          "b",
          "ß",
          "é",
          "é/x",
          "日本",
          "日本/語",
          "\ufffd",
          "\ud83d\ude00",
          "\ud83d\ude00/x");

  @BeforeEach
  void putKeysInAnotherOrder() {
    List<String> shuffled = new ArrayList<>(KEYS);
    java.util.Collections.shuffle(shuffled, new java.util.Random(7));
    for (String k : shuffled) {
      store.put(new byte[] {1}, PutOptions.at("k", k));
    }
    store.put(new byte[] {2}, PutOptions.in("k")); // no key: never listed by key
    store.put(new byte[] {3}, PutOptions.at("other", "a"));
  }

  @Test
  void theExpectedOrderIsCodePointOrder() {
    List<String> sorted = new ArrayList<>(KEYS);
    sorted.sort(KeyOrder::compare);
    assertThat(sorted).containsExactlyElementsOf(KEYS);
    assertThat("\ud83d\ude00".compareTo("\ufffd")).isNegative(); // why String order would not do
  }

  @Test
  void pagesListEveryKeyOnceInUtf8BinaryOrder() {
    for (int limit : new int[] {1, 3, KEYS.size(), 100}) {
      assertThat(keys(Query.bucket("k").orderByKey().limit(limit)))
          .as("limit %d", limit)
          .containsExactlyElementsOf(KEYS);
    }
  }

  @Test
  void aPrefixListsItsRangeOnly() {
    assertThat(keys(Query.bucket("k").orderByKey().prefix("a/").limit(2)))
        .containsExactly("a/", "a/b", "a/b/c", "a/c");
    assertThat(keys(Query.bucket("k").orderByKey().prefix("日本").limit(1)))
        .containsExactly("日本", "日本/語");
    assertThat(keys(Query.bucket("k").orderByKey().prefix("\ud83d\ude00")))
        .containsExactly("\ud83d\ude00", "\ud83d\ude00/x");
    assertThat(keys(Query.bucket("k").orderByKey().prefix("zz"))).isEmpty();
  }

  @Test
  void startAfterAndStartAtBoundTheRange() {
    assertThat(keys(Query.bucket("k").startAfter("é").limit(2)))
        .containsExactly("é/x", "日本", "日本/語", "\ufffd", "\ud83d\ude00", "\ud83d\ude00/x");
    assertThat(keys(Query.bucket("k").startAt("é").limit(2))).startsWith("é", "é/x");
    assertThat(keys(Query.bucket("k").startAfter("a/b").prefix("a/")))
        .containsExactly("a/b/c", "a/c");
    assertThat(keys(Query.bucket("k").startAfter("a").prefix("a/"))) // before the prefix
        .containsExactly("a/", "a/b", "a/b/c", "a/c");
    assertThat(keys(Query.bucket("k").startAfter("\ud83d\ude00/x"))).isEmpty();
    assertThat(keys(Query.bucket("k").startAfter("a/bb"))) // not a stored key
        .startsWith("a/c", "a0");
    assertThat(keys(Query.bucket("k").startAfter(null).limit(5))).containsExactlyElementsOf(KEYS);
  }

  @Test
  void theDocsSampleListsAPrefixPageAfterPage() { // docs/s3.md, "Listing order and size"
    for (int i = 0; i < 150; i++) {
      store.put(new byte[] {4}, PutOptions.at("photos", "2024/" + (char) ('a' + i % 26) + i));
    }
    // tag::orderByKey[]
    Query q = Query.bucket("photos").prefix("2024/").orderByKey().limit(100);
    Page<BlobInfo> page = store.list(q);
    Page<BlobInfo> next = store.list(q.after(page.nextCursor()));
    // end::orderByKey[]
    assertThat(page.items()).hasSize(100);
    assertThat(next.items()).hasSize(50);
    assertThat(next.hasMore()).isFalse();
    assertThat(KeyOrder.compare(page.items().get(99).key(), next.items().get(0).key()))
        .isNegative();
  }

  @Test
  void aPageCarriesTheFieldsAskedFor() {
    Page<BlobInfo> page =
        store.list(Query.bucket("k").orderByKey().prefix("b").fields("key", "size").limit(1));
    assertThat(page.items()).singleElement().satisfies(b -> assertThat(b.size()).isEqualTo(1));
    assertThat(page.hasMore()).isFalse();
  }

  @Test
  void aKeyListingNeedsABucketAndItsOwnCursors() {
    assertThatThrownBy(() -> store.list(Query.all().orderByKey()))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith("a listing in key order needs a bucket");
    String idCursor = store.list(Query.bucket("k").limit(1)).nextCursor();
    assertThatThrownBy(() -> store.list(Query.bucket("k").orderByKey().after(idCursor)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("cursor '" + idCursor + "' is not one a listing in key order returned");
  }

  /** Every key of the query's listing, page after page. */
  private List<String> keys(Query q) {
    List<String> out = new ArrayList<>();
    while (true) {
      Page<BlobInfo> page = store.list(q.fields("key"));
      page.items().forEach(b -> out.add(b.key()));
      if (!page.hasMore()) {
        return out;
      }
      q = q.after(page.nextCursor());
    }
  }
}
