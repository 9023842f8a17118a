package dev.blobkeep.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobStore;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.server.BlobServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server with an S3 port over a SQLite store, and a way to run an S3 client program against it
 * with no configuration of the user's. A missing client skips its test, or fails it under {@code
 * CI=true}. Each client process is stopped after two minutes at most.
 */
abstract class ExternalClientTest {
  static final String KEY = "cli";
  static final String SECRET = "cli-secret-0a1b2c3d4e";
  static final String ODD_KEY = "dir//a b+c%d ü.txt";

  @TempDir Path dir;
  BlobStore store;
  BlobServer server;
  String endpoint;

  @BeforeEach
  void start() {
    store =
        BlobStore.open(dir.resolve("blobs.db").toString(), StoreOptions.defaults().durable(false));
    server =
        BlobServer.builder()
            .store(store)
            .port(0)
            .noAuth(true)
            .accessLog(false)
            .s3Port(0)
            .s3Credential(KEY + ":" + SECRET + ":rw:*")
            .build()
            .start();
    endpoint = "http://127.0.0.1:" + server.s3Port();
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  record Run(int exit, String out, String err) {}

  Run run(Map<String, String> extraEnv, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("AWS_"));
    env.put("HOME", dir.toString());
    env.put("AWS_ACCESS_KEY_ID", KEY);
    env.put("AWS_SECRET_ACCESS_KEY", SECRET);
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_CONFIG_FILE", dir.resolve("no-aws-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-aws-credentials").toString());
    env.put("AWS_PAGER", "");
    env.putAll(extraEnv);
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      Assertions.fail(String.join(" ", command) + " ran longer than 2 minutes");
    }
    return new Run(
        p.exitValue(), Files.readString(out), Files.readString(err, StandardCharsets.UTF_8));
  }

  Run aws(String... args) throws Exception {
    List<String> c = new ArrayList<>(List.of("/usr/bin/aws", "--endpoint-url", endpoint));
    c.addAll(List.of(args));
    return run(Map.of(), c.toArray(String[]::new));
  }

  Run rclone(String... args) throws Exception {
    Path conf = dir.resolve("rclone.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "[bk]",
            "type = s3",
            "provider = Other",
            "access_key_id = " + KEY,
            "secret_access_key = " + SECRET,
            "endpoint = " + endpoint,
            "force_path_style = true",
            ""));
    return withConfig("/usr/bin/rclone", "--config", conf, args);
  }

  Run s3cmd(String... args) throws Exception {
    Path conf = dir.resolve("s3cfg");
    String host = endpoint.substring("http://".length());
    Files.writeString(
        conf,
        String.join(
            "\n",
            "[default]",
            "access_key = " + KEY,
            "secret_key = " + SECRET,
            "host_base = " + host,
            "host_bucket = " + host,
            "use_https = False",
            "signature_v2 = False",
            ""));
    return withConfig("/usr/bin/s3cmd", "-c", conf, args);
  }

  /** Runs {@code program OPTION CONF args...}. */
  Run withConfig(String program, String option, Path conf, String... args) throws Exception {
    List<String> c = new ArrayList<>(List.of(program, option, conf.toString()));
    c.addAll(List.of(args));
    return run(Map.of(), c.toArray(String[]::new));
  }

  static void require(String path, String what) {
    if (!Files.isExecutable(Path.of(path))) {
      String why = what + " is not installed at " + path + " (.ci/run installs it)";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(why);
      }
      Assumptions.abort(why);
    }
  }

  static Run ok(Run r) {
    assertThat(r.exit()).as(r.err() + r.out()).isZero();
    return r;
  }
}
