package dev.blobkeep.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobChannel;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.OpenMode;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The MD5 and entity tag a put keeps with the blob when asked (S3's ETag). */
public abstract class Md5Contract extends ContractBase {

  static String md5(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
  }

  @Test
  void aPutAskedForItKeepsTheMd5OfItsContent() throws Exception {
    for (int size : new int[] {0, 1, CHUNK - 1, 3 * CHUNK + 7}) {
      byte[] data = Bytes.random(size, size);
      BlobInfo put =
          store.put(
              new StrangeInputStream(new ByteArrayInputStream(data), size),
              PutOptions.at("b", "k" + size).computeMd5());
      assertThat(put.md5()).as("size %d", size).isEqualTo(md5(data));
      assertThat(put.storedEtag()).isEqualTo(md5(data));
      BlobInfo info = store.info(put.ref());
      assertThat(info.md5()).isEqualTo(md5(data));
      assertThat(info.storedEtag()).isEqualTo(md5(data));
    }
    assertThat(store.list(Query.bucket("b")).items())
        .allSatisfy(b -> assertThat(b.md5()).isNotNull().isEqualTo(b.storedEtag()));
  }

  @Test
  void aLargePutStagedInBatchesKeepsItsMd5() throws Exception {
    byte[] data = Bytes.random(9 * 1024 * 1024 + 3, 7); // past two staging batches
    BlobInfo put =
        store.put(
            new StrangeInputStream(new ByteArrayInputStream(data), 3),
            PutOptions.at("b", "big").computeMd5());
    assertThat(store.info(put.ref()).md5()).isEqualTo(md5(data));
  }

  @Test
  void aGivenEntityTagIsKeptAsGivenBesideTheMd5() throws Exception {
    byte[] data = Bytes.random(100, 1);
    BlobInfo put = store.put(data, PutOptions.at("b", "k").computeMd5().etag("abc-2"));
    assertThat(store.info(put.ref()).storedEtag()).isEqualTo("abc-2");
    assertThat(store.info(put.ref()).md5()).isEqualTo(md5(data));
    BlobInfo tagOnly = store.put(data, PutOptions.in("b").etag("only"));
    assertThat(store.info(tagOnly.ref()).storedEtag()).isEqualTo("only");
    assertThat(store.info(tagOnly.ref()).md5()).isNull();
    assertThatThrownBy(() -> PutOptions.defaults().etag(""))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("got 0");
  }

  @Test
  void withoutAskingThereIsNoMd5() {
    BlobInfo put = store.put(Bytes.random(10, 1), PutOptions.at("b", "k"));
    assertThat(store.info(put.ref()).md5()).isNull();
    assertThat(store.info(put.ref()).storedEtag()).isNull();
    assertThat(store.allocate(10, PutOptions.in("b").computeMd5()).md5()).isNull();
  }

  @Test
  void anInPlaceWriteDropsTheStoredDigests() throws Exception {
    BlobInfo put = store.put(Bytes.random(10, 1), PutOptions.at("b", "k").computeMd5());
    try (BlobChannel ch = store.open(put.ref(), OpenMode.READ_WRITE)) {
      ch.write(new byte[] {1, 2});
    }
    assertThat(store.info(put.ref()).md5()).isNull();
    assertThat(store.info(put.ref()).storedEtag()).isNull();
  }

  @Test
  void aPutInATransactionKeepsItsMd5() throws Exception {
    byte[] data = Bytes.random(2 * CHUNK, 4);
    BlobInfo put = store.inTransaction(tx -> tx.put(data, PutOptions.at("b", "k").computeMd5()));
    assertThat(store.info(put.ref()).md5()).isEqualTo(md5(data));
  }
}
