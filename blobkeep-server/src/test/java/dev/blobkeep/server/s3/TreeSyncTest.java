package dev.blobkeep.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * s3cmd, boto3 and rclone copying a tree of nested directories with a few hundred small files and
 * one file past the client's multipart threshold up to the S3 port and back; each tree must come
 * back byte for byte, and the large file must have gone up in parts.
 */
class TreeSyncTest extends ExternalClientTest {
  static final int FILES = 300;

  /** A tree: {@value #FILES} small files in nested directories, and {@code big.bin}. */
  Path tree(String name, int bigBytes) throws IOException {
    Path root = dir.resolve(name);
    for (int i = 0; i < FILES; i++) {
      Path f = root.resolve("d" + i % 4 + "/e" + i % 3 + (i % 2 == 0 ? "/é f" : "/f") + i + ".txt");
      Files.createDirectories(f.getParent());
      Files.writeString(f, "file " + i + " of " + name);
    }
    byte[] big = new byte[bigBytes];
    new Random(bigBytes).nextBytes(big);
    Files.write(root.resolve("d1/big.bin"), big);
    return root;
  }

  /** Every file under {@code root} by relative path, with its bytes. */
  static Map<String, byte[]> files(Path root) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
        out.put(root.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }

  static void sameTree(Path a, Path b) throws IOException {
    Map<String, byte[]> left = files(a);
    Map<String, byte[]> right = files(b);
    assertThat(right.keySet()).containsExactlyElementsOf(left.keySet());
    assertThat(left).hasSize(FILES + 1);
    left.forEach((k, v) -> assertThat(right.get(k)).as(k).isEqualTo(v));
  }

  /** The part count of a stored object's multipart ETag ({@code "md5-N"}), or 0. */
  int parts(String bucket, String key) {
    BlobInfo info = store.info(BlobRef.key(bucket, key));
    String tag = ObjectStore.etag(info);
    int dash = tag.indexOf('-');
    return dash < 0 ? 0 : Integer.parseInt(tag.substring(dash + 1));
  }

  @Test
  void s3cmdSyncsATreeUpAndBackWithAMultipartFile() throws Exception {
    require("/usr/bin/s3cmd", "Debian's s3cmd");
    Path up = tree("up", 16 * 1024 * 1024 + 9); // s3cmd sends parts of 15 MiB
    ok(s3cmd("mb", "s3://cmd-tree"));
    ok(s3cmd("sync", up + "/", "s3://cmd-tree/t/"));
    assertThat(parts("cmd-tree", "t/d1/big.bin")).isEqualTo(2);
    ok(s3cmd("sync", "s3://cmd-tree/t/", dir.resolve("down") + "/"));
    sameTree(up, dir.resolve("down"));
    // A second sync finds nothing to send.
    assertThat(ok(s3cmd("sync", up + "/", "s3://cmd-tree/t/")).out()).doesNotContain("upload:");
  }

  @Test
  void boto3CopiesATreeUpAndBackWithAMultipartFile() throws Exception {
    require("/usr/bin/python3", "python3");
    if (run(Map.of(), "/usr/bin/python3", "-c", "import boto3").exit() != 0) {
      require("/nonexistent/python3-boto3", "Debian's python3-boto3");
    }
    Path up = tree("up", 9 * 1024 * 1024 + 1); // boto3 goes multipart at 8 MiB
    Path script = dir.resolve("tree.py");
    Files.writeString(
        script,
        String.join(
            "\n",
            "import boto3, os, sys",
            "s3 = boto3.client('s3', endpoint_url=sys.argv[1])",
            "up, down = sys.argv[2], sys.argv[3]",
            "s3.create_bucket(Bucket='py-tree')",
            "for folder, _, names in os.walk(up):",
            "    for n in names:",
            "        path = os.path.join(folder, n)",
            "        s3.upload_file(path, 'py-tree', 't/' + os.path.relpath(path, up))",
            "pages = s3.get_paginator('list_objects_v2').paginate(",
            "    Bucket='py-tree', Prefix='t/', PaginationConfig={'PageSize': 100})",
            "keys = [o['Key'] for page in pages for o in page.get('Contents', [])]",
            "assert keys == sorted(keys, key=lambda k: k.encode()), 'not in UTF-8 order'",
            "for key in keys:",
            "    path = os.path.join(down, key[2:])",
            "    os.makedirs(os.path.dirname(path), exist_ok=True)",
            "    s3.download_file('py-tree', key, path)",
            "print(len(keys))",
            ""));
    Run r =
        run(
            Map.of(),
            "/usr/bin/python3",
            script.toString(),
            endpoint,
            up.toString(),
            dir.resolve("down").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().strip()).isEqualTo(String.valueOf(FILES + 1));
    assertThat(parts("py-tree", "t/d1/big.bin")).isEqualTo(2);
    sameTree(up, dir.resolve("down"));
  }

  @Test
  void rcloneCopiesInPartsPastItsUploadCutoffAndChecks() throws Exception {
    require("/usr/bin/rclone", "Debian's rclone");
    Path up = tree("up", 12 * 1024 * 1024 + 3);
    String[] multipart = {"--s3-upload-cutoff", "5M", "--s3-chunk-size", "5M"};
    ok(rclone("mkdir", "bk:rc-tree"));
    ok(rclone(with(multipart, "copy", up.toString(), "bk:rc-tree/t")));
    assertThat(parts("rc-tree", "t/d1/big.bin")).isEqualTo(3);
    ok(rclone("check", up.toString(), "bk:rc-tree/t"));
    ok(rclone("copy", "bk:rc-tree/t", dir.resolve("down").toString()));
    sameTree(up, dir.resolve("down"));
  }

  private static String[] with(String[] options, String... args) {
    String[] all = new String[options.length + args.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(options, 0, all, args.length, options.length);
    return all;
  }
}
