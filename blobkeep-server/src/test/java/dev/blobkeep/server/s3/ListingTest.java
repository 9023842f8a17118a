package dev.blobkeep.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.PutOptions;
import dev.blobkeep.spi.KeyOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Object;

/** ListObjectsV2, ListObjects and ListObjectVersions through the AWS SDK. */
@ParameterizedClass
@MethodSource("dev.blobkeep.server.s3.S3Backends#names")
class ListingTest extends S3ServerTest {
  // Stored in this order; listed in UTF-8 binary order.
  static final List<String> KEYS =
      List.of("z", "dir/b", "a b+c%d", "dir/a", "ünï", "//twice", "dir/sub/x", "a", "\uE000", "😀");

  void putAll() {
    s3.createBucket(b -> b.bucket("files"));
    for (String k : KEYS) {
      s3.putObject(b -> b.bucket("files").key(k), RequestBody.fromString(k));
    }
  }

  @Test
  void keysComeInUtf8BinaryOrderAcrossPages() {
    putAll();
    List<String> seen = new ArrayList<>();
    String token = null;
    do {
      String t = token;
      ListObjectsV2Response page =
          s3.listObjectsV2(b -> b.bucket("files").maxKeys(3).continuationToken(t));
      assertThat(page.keyCount()).isEqualTo(page.contents().size());
      page.contents().forEach(o -> seen.add(o.key()));
      token = page.isTruncated() ? page.nextContinuationToken() : null;
    } while (token != null);
    List<String> expected = new ArrayList<>(KEYS);
    expected.sort(KeyOrder::compare);
    assertThat(seen).containsExactlyElementsOf(expected);
    // U+E000 sorts before the emoji in UTF-8, after it in UTF-16.
    assertThat(seen.indexOf("\uE000")).isLessThan(seen.indexOf("😀"));
  }

  @Test
  void aDelimiterGroupsKeysIntoCommonPrefixes() {
    putAll();
    var page = s3.listObjectsV2(b -> b.bucket("files").prefix("dir/").delimiter("/"));
    assertThat(page.contents()).extracting(S3Object::key).containsExactly("dir/a", "dir/b");
    assertThat(page.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("dir/sub/");
  }

  @Test
  void urlEncodingAndStartAfterAndZeroMaxKeys() {
    putAll();
    var page =
        s3.listObjectsV2(b -> b.bucket("files").startAfter("a").encodingType(EncodingType.URL));
    assertThat(page.contents().get(0).key()).isEqualTo("a b+c%d");
    var none = s3.listObjectsV2(b -> b.bucket("files").maxKeys(0));
    assertThat(none.contents()).isEmpty();
    assertThat(none.keyCount()).isZero();
  }

  @Test
  void listObjectsV1PagesWithMarkers() {
    putAll();
    List<String> seen = new ArrayList<>();
    String marker = null;
    while (true) {
      String m = marker;
      var page = s3.listObjects(b -> b.bucket("files").maxKeys(4).marker(m).delimiter("/"));
      page.contents().forEach(o -> seen.add(o.key()));
      page.commonPrefixes().forEach(p -> seen.add(p.prefix()));
      if (!page.isTruncated()) {
        break;
      }
      marker = page.nextMarker();
    }
    assertThat(seen).contains("/", "dir/", "a", "z").doesNotContain("dir/a");
  }

  @Test
  void versionsListTheCurrentObjectsWithVersionIdNull() {
    putAll();
    var v = s3.listObjectVersions(b -> b.bucket("files"));
    assertThat(v.versions()).hasSize(KEYS.size());
    assertThat(v.versions()).extracting(ObjectVersion::versionId).containsOnly("null");
  }

  @Test
  void aDelimiterListsEachCommonPrefixOnceAcrossPages() {
    s3.createBucket(b -> b.bucket("tree"));
    List<String> expected = new ArrayList<>();
    for (String dir : List.of("é", "a", "日本", "z", "😀", "\uE000")) {
      for (int i = 0; i < 40; i++) { // more keys under a prefix than a page of the store holds
        store.put(new byte[] {1}, PutOptions.at("tree", "top/" + dir + "/" + i));
      }
      expected.add("top/" + dir + "/");
    }
    for (String file : List.of("top/ü", "top/b", "top/😀")) {
      store.put(new byte[] {2}, PutOptions.at("tree", file));
      expected.add(file);
    }
    expected.sort(KeyOrder::compare);
    for (int max : new int[] {1, 2, 5, 1000}) {
      List<String> v2 = new ArrayList<>();
      String token = null;
      do {
        String t = token;
        var page =
            s3.listObjectsV2(
                b ->
                    b.bucket("tree")
                        .prefix("top/")
                        .delimiter("/")
                        .maxKeys(max)
                        .continuationToken(t));
        assertThat(page.keyCount()).isLessThanOrEqualTo(max);
        page.contents().forEach(o -> v2.add(o.key()));
        page.commonPrefixes().forEach(p -> v2.add(p.prefix()));
        token = page.isTruncated() ? page.nextContinuationToken() : null;
      } while (token != null);
      v2.sort(KeyOrder::compare); // a page lists its objects, then its prefixes
      assertThat(v2).as("v2, max-keys %d", max).containsExactlyElementsOf(expected);
      List<String> v1 = new ArrayList<>();
      String marker = null;
      while (true) {
        String m = marker;
        var page =
            s3.listObjects(
                b -> b.bucket("tree").prefix("top/").delimiter("/").maxKeys(max).marker(m));
        page.contents().forEach(o -> v1.add(o.key()));
        page.commonPrefixes().forEach(p -> v1.add(p.prefix()));
        if (!page.isTruncated()) {
          break;
        }
        marker = page.nextMarker();
      }
      v1.sort(KeyOrder::compare);
      assertThat(v1).as("v1, max-keys %d", max).containsExactlyElementsOf(expected);
    }
  }
}
