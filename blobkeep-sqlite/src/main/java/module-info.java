/**
 * The SQLite backend: opens file paths and {@code jdbc:sqlite:} locations for {@code
 * BlobStore.open}. It exports nothing; the store finds it as a {@link
 * dev.blobkeep.spi.DialectProvider} service.
 */
module dev.blobkeep.sqlite {
  requires dev.blobkeep;
  requires org.xerial.sqlitejdbc;
  requires com.zaxxer.hikari;

  provides dev.blobkeep.spi.DialectProvider with
      dev.blobkeep.sqlite.SqliteProvider;
}
