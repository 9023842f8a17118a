package dev.blobkeep.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobRef;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Debian's awscli ({@code /usr/bin/aws}) and boto3 ({@code /usr/bin/python3}) against the S3 port,
 * with their default settings, as installed by {@code .ci/run}.
 */
class CliClientsTest extends ExternalClientTest {

  @Test
  void awscliMakesCopiesListsSyncsPresignsRemovesAndRemovesTheBucket() throws Exception {
    require("/usr/bin/aws", "Debian's awscli");
    byte[] small = "small file".getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve("small.txt"), small);
    byte[] big = new byte[100 * 1024 * 1024 + 7];
    new Random(5).nextBytes(big);
    Files.write(dir.resolve("big.bin"), big);
    Path tree = Files.createDirectories(dir.resolve("tree/sub"));
    for (int i = 0; i < 1000; i++) {
      Files.writeString(tree.resolve("f" + i + ".txt"), "file " + i);
    }

    ok(aws("s3", "mb", "s3://cli-bucket"));
    ok(aws("s3", "cp", dir.resolve("small.txt").toString(), "s3://cli-bucket/" + ODD_KEY));
    ok(aws("s3", "cp", dir.resolve("big.bin").toString(), "s3://cli-bucket/big.bin"));
    ok(aws("s3", "sync", dir.resolve("tree").toString(), "s3://cli-bucket/tree/"));
    assertThat(ok(aws("s3", "ls", "--recursive", "s3://cli-bucket/")).out())
        .contains(ODD_KEY)
        .contains("big.bin")
        .contains("tree/sub/f999.txt");
    assertThat(store.getBytes(BlobRef.key("cli-bucket", ODD_KEY))).isEqualTo(small);
    assertThat(store.getBytes(BlobRef.key("cli-bucket", "big.bin"))).isEqualTo(big);

    ok(aws("s3", "cp", "s3://cli-bucket/big.bin", dir.resolve("big.back").toString()));
    assertThat(Files.readAllBytes(dir.resolve("big.back"))).isEqualTo(big);
    ok(aws("s3", "sync", "s3://cli-bucket/tree/", dir.resolve("tree.back").toString()));
    assertThat(Files.readString(dir.resolve("tree.back/sub/f7.txt"))).isEqualTo("file 7");

    String url = ok(aws("s3", "presign", "s3://cli-bucket/" + ODD_KEY)).out().strip();
    HttpResponse<byte[]> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(small);

    ok(aws("s3api", "head-object", "--bucket", "cli-bucket", "--key", ODD_KEY));
    ok(aws("s3", "rm", "--recursive", "s3://cli-bucket/"));
    ok(aws("s3", "rb", "s3://cli-bucket"));
    assertThat(store.bucket("cli-bucket")).isEmpty();
  }

  @Test
  void awscliShowsTheS3ErrorsOfAWrongSecretAndAnUnknownBucket() throws Exception {
    require("/usr/bin/aws", "Debian's awscli");
    Run unknown = aws("s3", "ls", "s3://no-such-bucket/");
    assertThat(unknown.exit()).isNotZero();
    assertThat(unknown.err()).contains("NoSuchBucket");
    Map<String, String> env = new HashMap<>();
    env.put("AWS_SECRET_ACCESS_KEY", "wrong-secret-123456");
    Run wrong = run(env, "/usr/bin/aws", "--endpoint-url", endpoint, "s3", "ls");
    assertThat(wrong.exit()).isNotZero();
    assertThat(wrong.err()).contains("SignatureDoesNotMatch");
  }

  @Test
  void boto3PutsGetsListsUploadsInPartsAndPresigns() throws Exception {
    require("/usr/bin/python3", "python3");
    if (run(Map.of(), "/usr/bin/python3", "-c", "import boto3").exit() != 0) {
      require("/nonexistent/python3-boto3", "Debian's python3-boto3");
    }
    Path script = dir.resolve("s3test.py");
    Files.writeString(
        script,
        String.join(
            "\n",
            "import boto3, botocore.config, os, sys, urllib.request",
            "s3 = boto3.client('s3', endpoint_url=sys.argv[1])",
            "# Debian's boto3 presigns with Signature V2 unless told: V4 is what blobkeep serves.",
            "v4 = boto3.client('s3', endpoint_url=sys.argv[1],"
                + " config=botocore.config.Config(signature_version='s3v4'))",
            "s3.create_bucket(Bucket='py-bucket')",
            "key = sys.argv[2]",
            "s3.put_object(Bucket='py-bucket', Key=key, Body=b'from python')",
            "assert s3.get_object(Bucket='py-bucket', Key=key)['Body'].read() == b'from python'",
            "keys = [o['Key'] for o in s3.list_objects_v2(Bucket='py-bucket')['Contents']]",
            "assert keys == [key], keys",
            "data = os.urandom(20 * 1024 * 1024 + 11)",
            "open('big.bin', 'wb').write(data)",
            "s3.upload_file('big.bin', 'py-bucket', 'big.bin')",
            "head = s3.head_object(Bucket='py-bucket', Key='big.bin')",
            "assert head['ETag'].endswith('-3\"'), head['ETag']",
            "s3.download_file('py-bucket', 'big.bin', 'big.back')",
            "assert open('big.back', 'rb').read() == data",
            "url = v4.generate_presigned_url('get_object', Params={'Bucket': 'py-bucket', 'Key': key})",
            "assert urllib.request.urlopen(url).read() == b'from python'",
            "s3.delete_objects(Bucket='py-bucket', Delete={'Objects': [{'Key': key}, {'Key': 'big.bin'}]})",
            "s3.delete_bucket(Bucket='py-bucket')",
            "print('ok')",
            ""));
    Run r = run(Map.of(), "/usr/bin/python3", script.toString(), endpoint, ODD_KEY);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("ok");
    assertThat(store.bucket("py-bucket")).isEmpty();
  }
}
