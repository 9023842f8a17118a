package dev.blobkeep.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;

/** ListMultipartUploads and ListParts page by page, with S3's markers. */
@ParameterizedClass
@MethodSource("dev.blobkeep.server.s3.S3Backends#names")
class MultipartListingTest extends MultipartBase {

  @Test
  void uploadsPageByKeyMarkerAndUploadIdMarker() {
    List<String> expected = new ArrayList<>();
    for (String key : List.of("b", "a", "dir/x", "a", "é", "dir/y", "a")) {
      String id = begin(key);
      expected.add(key + " " + id);
    }
    // In key order; one key's uploads in the order they began (the order of the list above).
    List<String> ordered = new ArrayList<>();
    for (String key : List.of("a", "b", "dir/x", "dir/y", "é")) {
      expected.stream().filter(e -> e.startsWith(key + " ")).forEach(ordered::add);
    }
    List<String> seen = new ArrayList<>();
    String keyMarker = null;
    String idMarker = null;
    int pages = 0;
    while (true) {
      String k = keyMarker;
      String i = idMarker;
      ListMultipartUploadsResponse page =
          s3.listMultipartUploads(
              b -> b.bucket("mpu").maxUploads(2).keyMarker(k).uploadIdMarker(i));
      pages++;
      assertThat(page.uploads()).hasSizeLessThanOrEqualTo(2);
      page.uploads().forEach(u -> seen.add(u.key() + " " + u.uploadId()));
      if (!page.isTruncated()) {
        break;
      }
      keyMarker = page.nextKeyMarker();
      idMarker = page.nextUploadIdMarker();
    }
    assertThat(seen).containsExactlyElementsOf(ordered);
    assertThat(pages).isEqualTo(4);
    // A key marker alone lists the keys after it only.
    assertThat(s3.listMultipartUploads(b -> b.bucket("mpu").keyMarker("a")).uploads())
        .extracting(MultipartUpload::key)
        .containsExactly("b", "dir/x", "dir/y", "é");
  }

  @Test
  void aDelimiterGroupsUploadsOnceAcrossPages() {
    for (String key : List.of("dir/x", "dir/y", "dir/z", "a", "z")) {
      begin(key);
    }
    List<String> seen = new ArrayList<>();
    String keyMarker = null;
    String idMarker = null;
    while (true) {
      String k = keyMarker;
      String i = idMarker;
      var page =
          s3.listMultipartUploads(
              b -> b.bucket("mpu").delimiter("/").maxUploads(1).keyMarker(k).uploadIdMarker(i));
      page.uploads().forEach(u -> seen.add(u.key()));
      page.commonPrefixes().stream().map(CommonPrefix::prefix).forEach(seen::add);
      if (!page.isTruncated()) {
        break;
      }
      keyMarker = page.nextKeyMarker();
      idMarker = page.nextUploadIdMarker();
    }
    assertThat(seen).containsExactly("a", "dir/", "z");
  }

  @Test
  void partsPageByPartNumberMarker() {
    String id = begin("k");
    for (int n : new int[] {5, 1, 3, 2, 4}) {
      part("k", id, n, RequestBody.fromString("part " + n));
    }
    List<Integer> seen = new ArrayList<>();
    Integer marker = null;
    while (true) {
      Integer m = marker;
      var page =
          s3.listParts(b -> b.bucket("mpu").key("k").uploadId(id).maxParts(2).partNumberMarker(m));
      page.parts().stream().map(Part::partNumber).forEach(seen::add);
      if (!page.isTruncated()) {
        break;
      }
      marker = page.nextPartNumberMarker();
    }
    assertThat(seen).containsExactly(1, 2, 3, 4, 5);
  }
}
