package dev.blobkeep.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobCorruptException;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.Page;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** User fields beside the bytes, and listings that never read content. */
public abstract class MetadataQueryContract extends ContractBase {

  @Test
  void userFieldsChangeWithoutTouchingContent() throws Exception {
    byte[] data = Bytes.random(2 * CHUNK, 1);
    BlobInfo info =
        store.put(data, PutOptions.at("files", "a.txt").meta(Map.of("owner", "ann", "n", 1)));
    Thread.sleep(5);
    BlobInfo after =
        store.updateMeta(info.ref(), Map.of("filename", "a.txt", "n", 2), List.of("owner"));

    assertThat(after.meta()).containsOnly(Map.entry("filename", "a.txt"), Map.entry("n", 2));
    assertThat(after.sha256()).isEqualTo(info.sha256());
    assertThat(after.created()).isEqualTo(info.created());
    assertThat(after.updated()).isAfter(info.updated());
    assertThat(store.getBytes(info.ref())).isEqualTo(data);
    assertThat(store.info(info.ref()).meta()).isEqualTo(after.meta());
  }

  @Test
  void nestedUserFieldsRoundTrip() {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("tags", List.of("a", "b"));
    meta.put("dims", Map.of("w", 10, "h", 20));
    meta.put("ok", true);
    meta.put("none", null);
    BlobInfo info = store.put(new byte[] {1}, PutOptions.defaults().meta(meta));
    assertThat(store.info(info.ref()).meta()).isEqualTo(meta);
  }

  @Test
  void userFieldsThatAreNotAJsonObjectAreRefused() {
    assertThatThrownBy(() -> PutOptions.defaults().metaJson("[1,2]"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("user fields must be a JSON object, got array");
    assertThatThrownBy(() -> PutOptions.defaults().metaJson("{\"a\":"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith("user fields are not valid JSON");
    assertThatThrownBy(() -> PutOptions.defaults().meta("", 1))
        .hasMessage("user field name is empty");
    assertThatThrownBy(() -> PutOptions.defaults().meta("x", new Object()))
        .hasMessageContaining("user field 'x' has a Object, which is not a JSON value");
    assertThatThrownBy(() -> PutOptions.defaults().meta("big", "x".repeat(70_000)))
        .hasMessageContaining("more than 65536");
    assertThatThrownBy(() -> PutOptions.defaults().metaJson("{\"n\": 1e5000}"))
        .hasMessage(
            "user field 'n' is a number of more than 1000 digits written out, which not every backend can store");
    assertThatThrownBy(() -> PutOptions.defaults().meta("s", "a\0b"))
        .hasMessage("user field 's' contains U+0000 at index 1, which not every backend can store");
    assertThatThrownBy(() -> Query.all().where("s", "a\0b"))
        .isInstanceOf(InvalidArgumentException.class);
    BlobInfo big =
        store.put(
            new byte[] {1}, PutOptions.defaults().meta("d", 1e300).meta("m", -Double.MAX_VALUE));
    assertThat(((Number) store.info(big.ref()).meta("d")).doubleValue()).isEqualTo(1e300);
    assertThat(((Number) store.info(big.ref()).meta("m")).doubleValue())
        .isEqualTo(-Double.MAX_VALUE);
    BlobInfo info = store.put(new byte[] {1}, PutOptions.defaults().meta("a", 1));
    assertThatThrownBy(() -> store.updateMeta(info.ref(), Map.of("b\"", 1), List.of()))
        .isInstanceOf(InvalidArgumentException.class);
    assertThat(store.info(info.ref()).meta()).isEqualTo(Map.of("a", 1));
  }

  @Test
  void infoNeverReadsContent() throws Exception {
    BlobInfo info = store.put(Bytes.random(3 * CHUNK, 2), PutOptions.at("b", "k"));
    sql("UPDATE " + fixture.table("chunks") + " SET crc = crc + 1");
    assertThat(store.info(info.ref()).sha256()).isEqualTo(info.sha256());
    assertThatThrownBy(() -> store.getBytes(info.ref())).isInstanceOf(BlobCorruptException.class);
  }

  @Test
  void listFiltersByBucketPrefixAndUserFields() {
    BlobInfo a =
        store.put(
            new byte[] {1},
            PutOptions.at("files", "ann/a.txt").meta(Map.of("owner", "ann", "n", 1)));
    BlobInfo b =
        store.put(
            new byte[] {2},
            PutOptions.at("files", "ann/b.txt").meta(Map.of("owner", "ann", "n", 2, "ok", true)));
    BlobInfo c =
        store.put(
            new byte[] {3},
            PutOptions.at("files", "bob/c.txt").meta(Map.of("owner", "bob", "n", "1")));
    BlobInfo d =
        store.put(new byte[] {4}, PutOptions.at("other", "ann/d.txt").meta(Map.of("owner", "ann")));

    assertThat(ids(Query.bucket("files"))).containsExactly(a.id(), b.id(), c.id());
    assertThat(ids(Query.all())).containsExactly(a.id(), b.id(), c.id(), d.id());
    assertThat(ids(Query.bucket("files").prefix("ann/"))).containsExactly(a.id(), b.id());
    assertThat(ids(Query.all().prefix("ann/"))).containsExactly(a.id(), b.id(), d.id());
    assertThat(ids(Query.bucket("files").where("owner", "ann"))).containsExactly(a.id(), b.id());
    assertThat(ids(Query.bucket("files").where("n", 1))).containsExactly(a.id());
    assertThat(ids(Query.bucket("files").where("n", "1"))).containsExactly(c.id());
    assertThat(ids(Query.all().where("ok", true))).containsExactly(b.id());
    assertThat(ids(Query.all().where("owner", "ann").where("n", 2))).containsExactly(b.id());
    assertThat(ids(Query.all().where("owner", "nobody"))).isEmpty();
    assertThat(ids(Query.bucket("files").prefix("ann/%"))).isEmpty();
    assertThat(ids(Query.bucket("files").prefix("ann_"))).isEmpty();
  }

  @Test
  void listReturnsOnlyTheFieldsAskedFor() {
    store.put(
        new byte[] {1, 2, 3},
        PutOptions.at("files", "a").meta(Map.of("owner", "ann", "filename", "a.txt")));
    BlobInfo only = store.list(Query.bucket("files").fields("id", "filename")).items().get(0);
    assertThat(only.id()).isNotNull();
    assertThat(only.bucket()).isNull();
    assertThat(only.key()).isNull();
    assertThat(only.size()).isEqualTo(-1);
    assertThat(only.sha256()).isNull();
    assertThat(only.meta()).isEqualTo(Map.of("filename", "a.txt"));
    BlobInfo sized = store.list(Query.bucket("files").fields("size", "key")).items().get(0);
    assertThat(sized.size()).isEqualTo(3);
    assertThat(sized.key()).isEqualTo("a");
    assertThat(sized.meta()).isNull();
  }

  @Test
  void tenThousandBlobsListPageByPageWithoutReadingContent() throws Exception {
    List<String> expected = new ArrayList<>();
    store.useTransaction(
        tx -> {
          for (int i = 0; i < 10_000; i++) {
            expected.add(tx.put(new byte[] {(byte) i, 1}, PutOptions.in("many").meta("i", i)).id());
          }
        });
    // Every chunk now fails its CRC: any content read would throw.
    sql("UPDATE " + fixture.table("chunks") + " SET crc = crc + 1");
    List<String> seen = new ArrayList<>();
    Query q = Query.bucket("many").limit(999).fields("id", "i");
    int pages = 0;
    while (true) {
      Page<BlobInfo> page = store.list(q);
      pages++;
      page.items().forEach(b -> seen.add(b.id()));
      if (!page.hasMore()) {
        break;
      }
      q = q.after(page.nextCursor());
    }
    assertThat(pages).isEqualTo(11);
    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(Set.copyOf(seen)).hasSize(10_000);
  }

  @Test
  void badCursorsAndLimitsAreRefused() {
    assertThatThrownBy(() -> store.list(Query.all().after("garbage!")))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("cursor 'garbage!' is not one this store returned");
    assertThatThrownBy(() -> Query.all().limit(0)).hasMessage("limit must be 1 to 10000, got 0");
    assertThatThrownBy(() -> Query.all().limit(10_001))
        .hasMessage("limit must be 1 to 10000, got 10001");
    assertThatThrownBy(() -> Query.all().where("x", List.of(1)))
        .hasMessageContaining("can only be compared with a string, number, boolean or null");
  }

  private List<String> ids(Query q) {
    return store.list(q).items().stream().map(BlobInfo::id).toList();
  }
}
