package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.StoreOptions;
import java.nio.file.Path;

class BackupCommandTest {
  @CliTest
  void backsUpASqliteStoreAndRefusesPostgresNamingIt(Cli cli) {
    byte[] content = TestData.allByteValues(300_000);
    cli.put(content, "--bucket", "b", "--key", "k.bin");
    Path dest = cli.dir().resolve("backup.db");

    Cli.Result result = cli.run("backup", dest.toString());

    if (cli.backend() == Backends.Backend.POSTGRES) {
      assertThat(result.failure(1))
          .startsWith("blobkeep: store ")
          .contains(" is on PostgreSQL, ", "pg_dump", "blobkeep copy --to FILE");
      assertThat(dest).doesNotExist();
      return;
    }
    assertThat(result.ok().out())
        .isEqualTo("backed up 1 blob (293.0 KiB) into " + dest + ", verified\n");
    try (BlobStore copy = BlobStore.open(dest.toString(), StoreOptions.defaults().readOnly(true))) {
      assertThat(copy.getBytes(BlobRef.key("b", "k.bin"))).isEqualTo(content);
    }
    assertThat(cli.run("backup", dest.toString()).failure(1))
        .isEqualTo("blobkeep: backup target " + dest + " already exists; nothing was written");
  }
}
