package dev.blobkeep.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

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
    expected.sort(ObjectStore.KEY_ORDER);
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
}
