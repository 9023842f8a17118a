package dev.blobkeep.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.server.BlobServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Virtual-host style: with {@code s3Domain}, {@code BUCKET.DOMAIN} in the Host header names the
 * bucket. The SDK's presigner makes the URL (it needs no name resolution); the request goes to the
 * loopback port with that Host.
 */
class VirtualHostTest {
  @TempDir Path dir;

  @Test
  void aBucketNamedInTheHostIsServed() throws Exception {
    try (BlobStore store =
            BlobStore.open(dir.resolve("b.db").toString(), StoreOptions.defaults().durable(false));
        BlobServer server =
            BlobServer.builder()
                .store(store)
                .port(0)
                .noAuth(true)
                .accessLog(false)
                .s3Port(0)
                .s3Credential("vh:vh-secret-123456:ro:*")
                .s3Domain("s3.test")
                .build()
                .start()) {
      store.put("virtual".getBytes(StandardCharsets.UTF_8), PutOptions.at("photos", "dir/cat.txt"));
      int port = server.s3Port();
      URI url;
      try (S3Presigner p =
          S3Presigner.builder()
              .endpointOverride(URI.create("http://s3.test:" + port))
              .region(Region.US_EAST_1)
              .credentialsProvider(
                  StaticCredentialsProvider.create(
                      AwsBasicCredentials.create("vh", "vh-secret-123456")))
              .build()) {
        url =
            p.presignGetObject(
                    g ->
                        g.signatureDuration(Duration.ofMinutes(5))
                            .getObjectRequest(o -> o.bucket("photos").key("dir/cat.txt")))
                .url()
                .toURI();
      }
      assertThat(url.getHost()).isEqualTo("photos.s3.test");
      try (Socket s = new Socket("127.0.0.1", port)) {
        OutputStream out = s.getOutputStream();
        out.write(
            ("GET "
                    + url.getRawPath()
                    + "?"
                    + url.getRawQuery()
                    + " HTTP/1.1\r\nHost: photos.s3.test:"
                    + port
                    + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(response).startsWith("HTTP/1.1 200").endsWith("virtual");
      }
    }
  }
}
