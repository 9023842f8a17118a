package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobRef;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.Page;
import dev.blobkeep.PutOptions;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code GET /b} and {@link dev.blobkeep.Blobs#buckets}: bucket names a page at a time, each once,
 * in order, counting only published blobs.
 */
@ParameterizedClass
@MethodSource("dev.blobkeep.server.Backends#names")
class BucketsListingTest extends ServerTest {
  private static final List<String> BUCKETS = List.of("a-1", "b.2", "c_3", "docs", "photos");

  private void fill() {
    for (String bucket : BUCKETS) {
      for (int i = 0; i < 3; i++) {
        store.put(new byte[] {(byte) i}, PutOptions.at(bucket, "k" + i));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private List<String> allPagesOverHttp(int limit) {
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Map<String, Object> page =
          Http.json(http.get("/b?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor)));
      List<String> names = (List<String>) page.get("buckets");
      assertThat(names.size()).isLessThanOrEqualTo(limit);
      seen.addAll(names);
      cursor = (String) page.get("next_cursor");
      pages++;
    } while (cursor != null && pages <= BUCKETS.size());
    return seen;
  }

  @Test
  void bucketsComeAPageAtATimeEachOnceInOrder() {
    fill();

    assertThat(allPagesOverHttp(2)).containsExactlyElementsOf(BUCKETS);
    assertThat(allPagesOverHttp(BUCKETS.size())).containsExactlyElementsOf(BUCKETS);
    Page<String> first = store.buckets(null, 2);
    assertThat(first.items()).containsExactly("a-1", "b.2");
    assertThat(store.buckets(first.nextCursor(), 10).items())
        .containsExactly("c_3", "docs", "photos");
    assertThat(store.buckets(first.nextCursor(), 10).hasMore()).isFalse();
    assertThat(store.buckets("photos", 10).items()).isEmpty();
  }

  @Test
  void aBucketWhoseBlobsAreAllDeletedIsListedUntilItIsDeleted() {
    fill();
    for (int i = 0; i < 3; i++) {
      store.delete(BlobRef.key("c_3", "k" + i));
    }
    assertThat(store.buckets(null, 10).items()).contains("c_3");
    store.deleteBucket("c_3");

    assertThat(store.buckets(null, 10).items()).containsExactly("a-1", "b.2", "docs", "photos");
    assertThat(allPagesOverHttp(1)).containsExactly("a-1", "b.2", "docs", "photos");
  }

  @Test
  void anUploadInProgressCreatesItsBucketButNotItsBlob() throws Exception {
    store.put(new byte[] {1}, PutOptions.at("docs", "a"));
    CountDownLatch staged = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // Past the engine's first 4 MiB batch, so the upload has a pending row when it waits.
    long waitAt = 12L << 20;
    InputStream slow =
        new InputStream() {
          long given;

          @Override
          public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (given >= waitAt + 1) {
              return -1;
            }
            if (given >= waitAt) {
              staged.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                throw new IOException(e);
              }
            }
            int n = (int) Math.min(len, waitAt + 1 - given);
            given += n;
            return n;
          }
        };
    CompletableFuture<?> upload =
        CompletableFuture.runAsync(() -> store.put(slow, PutOptions.at("pending", "big")));
    try {
      while (!staged.await(100, TimeUnit.MILLISECONDS)) {
        if (upload.isDone()) {
          upload.get(); // throws what stopped the upload
        }
      }

      // a put into a missing bucket creates it as it starts; its blob shows when published
      assertThat(store.buckets(null, 10).items()).containsExactly("docs", "pending");
      assertThat(Http.json(http.get("/b"))).containsEntry("buckets", List.of("docs", "pending"));
      assertThat(store.exists(dev.blobkeep.BlobRef.key("pending", "big"))).isFalse();
    } finally {
      release.countDown();
      upload.get(60, TimeUnit.SECONDS);
    }
    assertThat(store.buckets(null, 10).items()).containsExactly("docs", "pending");
  }

  @Test
  void aScopedTokenSeesItsOwnBucketsPaged() {
    http.token = VIEWER;

    assertThat(Http.json(http.get("/b?limit=1")))
        .containsEntry("buckets", List.of("docs"))
        .containsEntry("next_cursor", "docs");
    assertThat(Http.json(http.get("/b?limit=1&cursor=docs")))
        .containsEntry("buckets", List.of("photos"))
        .containsEntry("next_cursor", null);
  }

  @Test
  void aLimitOutOfRangeIsRefusedNamingIt() {
    assertThat(error(http.get("/b?limit=0"), 400)).contains("limit").contains("0");
    assertThat(error(http.get("/b?limit=" + (Listing.MAX_BUCKETS + 1)), 400))
        .contains(String.valueOf(Listing.MAX_BUCKETS + 1));
    assertThat(error(http.get("/b?prefix=a"), 400)).contains("'prefix'");
    assertThatThrownBy(() -> store.buckets(null, 0))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("got 0");
  }
}
