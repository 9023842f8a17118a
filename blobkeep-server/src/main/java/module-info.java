/**
 * blobkeep's HTTP server and web page ({@link dev.blobkeep.server.BlobServer}, its tokens and
 * limits, in {@code dev.blobkeep.server}) and its S3-compatible endpoint ({@code
 * dev.blobkeep.server.s3}: credentials, and {@link dev.blobkeep.server.s3.S3Server} on its own), on
 * Jetty's core API. Request handling is in package-private classes of those two packages.
 */
module dev.blobkeep.server {
  requires transitive dev.blobkeep;
  // Not transitive: Jetty is not part of the API; what the two packages share on it is in
  // dev.blobkeep.server.jetty, which is not exported.
  requires org.eclipse.jetty.server;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;
  requires java.xml;

  exports dev.blobkeep.server;
  exports dev.blobkeep.server.s3;
}
