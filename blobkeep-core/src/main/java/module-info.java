/**
 * blobkeep's API and engine: {@link dev.blobkeep.BlobStore} and the types around it, the backend
 * SPI ({@code dev.blobkeep.spi}, implemented by the SQLite and PostgreSQL modules and found through
 * {@link java.util.ServiceLoader}), the PostgreSQL {@code bytea} codecs ({@code
 * dev.blobkeep.bytea}), URL ingestion ({@code dev.blobkeep.fetch}) and table import ({@code
 * dev.blobkeep.interop}). The engine in {@code dev.blobkeep.internal} is not exported and may
 * change in any release.
 */
module dev.blobkeep {
  requires transitive java.sql;
  requires com.fasterxml.jackson.databind;

  exports dev.blobkeep;
  exports dev.blobkeep.spi;
  exports dev.blobkeep.bytea;
  exports dev.blobkeep.fetch;
  exports dev.blobkeep.interop;

  uses dev.blobkeep.spi.DialectProvider;
}
