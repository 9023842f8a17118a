package dev.blobkeep.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void roundTrip() {
    PgServer.require();
    String schema = PgServer.newSchema();
    try (BlobStore s = BlobStore.open(PgServer.URL, PgServer.options(schema))) {
      System.out.println(s.location());
      byte[] data = new byte[1_000_000];
      new java.util.Random(1).nextBytes(data);
      BlobInfo i = s.put(data, PutOptions.at("b", "k/1").meta(Map.of("owner", "ann")));
      assertThat(s.getBytes(i.ref())).isEqualTo(data);
      assertThat(s.list(Query.all().where("owner", "ann")).items()).hasSize(1);
      assertThat(s.list(Query.all().inBucket("b").prefix("k/")).items()).hasSize(1);
      s.delete(i.ref());
    } finally {
      PgServer.drop(schema);
    }
  }
}
