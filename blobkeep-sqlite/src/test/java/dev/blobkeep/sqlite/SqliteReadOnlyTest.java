package dev.blobkeep.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.blobkeep.BlobChannel;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.OpenMode;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.ReadOnlyStoreException;
import dev.blobkeep.StoreFormatException;
import dev.blobkeep.StoreNotFoundException;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.VerifyReport;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-only opens and opens that must not create: an SQLite file the user may only read serves
 * reads, refuses writes with a one-line message and is left byte for byte as it was; a location
 * without a store is reported and nothing is created there.
 */
class SqliteReadOnlyTest {
  /** The options of a read-only open (pooled here). */
  StoreOptions readOnly() {
    return StoreOptions.defaults().readOnly(true);
  }

  @TempDir Path tmp;

  @AfterEach
  void makeWritableForCleanup() throws IOException {
    try (Stream<Path> files = Files.walk(tmp)) {
      for (Path p : files.toList()) {
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
  }

  /**
   * Tests run as root, whom file modes do not stop: here the proof that nothing is written is the
   * engine refusing every write before SQL (and SQLite's {@code query_only} behind it), the file's
   * unchanged bytes and the directory's unchanged listing. {@link
   * #aUserWhoMayOnlyReadTheFileReadsTheStore} proves that a user the file modes do stop can read,
   * through SQLite's read-only flag.
   */
  @Test
  void readOnlyOpenOfAReadOnlyFileServesReadsAndRefusesEveryWrite() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("ro"));
    Path file = dir.resolve("store.db");
    BlobInfo hello;
    try (BlobStore store = BlobStore.open(file.toString())) {
      hello = store.put("hello".getBytes(StandardCharsets.UTF_8), PutOptions.at("docs", "h.txt"));
      store.put(new byte[] {1, 2, 3}, PutOptions.at("docs", "b.bin"));
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
    Set<String> before = names(dir);
    String sha = sha256(file);

    try (BlobStore store = BlobStore.open(file.toString(), readOnly())) {
      assertThat(new String(store.getBytes(hello.ref()), StandardCharsets.UTF_8))
          .isEqualTo("hello");
      assertThat(store.info(hello.ref()).sha256()).isEqualTo(hello.sha256());
      assertThat(store.list(Query.bucket("docs")).items()).hasSize(2);
      assertThat(store.verifyAll().problems()).isEmpty();
      try (BlobChannel ch = store.open(hello.ref(), OpenMode.READ)) {
        ByteBuffer b = ByteBuffer.allocate(5);
        ch.read(b);
        assertThat(b.array()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
      }

      assertThatThrownBy(() -> store.put(new byte[] {9}, PutOptions.at("docs", "new")))
          .isInstanceOf(ReadOnlyStoreException.class)
          .hasMessageStartingWith("store " + file + " is open read-only: ")
          .hasMessageNotContaining("\n");
      assertThatThrownBy(() -> store.delete(BlobRef.key("docs", "h.txt")))
          .isInstanceOf(ReadOnlyStoreException.class)
          .hasMessageContaining("deleting blob docs/h.txt");
      assertThatThrownBy(() -> store.updateMeta(hello.ref(), Map.of("a", 1), List.of()))
          .isInstanceOf(ReadOnlyStoreException.class);
      assertThatThrownBy(() -> store.allocate(10, PutOptions.at("docs", "z")))
          .isInstanceOf(ReadOnlyStoreException.class);
      assertThatThrownBy(store::gc).isInstanceOf(ReadOnlyStoreException.class);
      assertThatThrownBy(() -> store.inTransaction(tx -> tx.put(new byte[] {1})))
          .isInstanceOf(ReadOnlyStoreException.class);
      try (BlobChannel ch = store.open(hello.ref(), OpenMode.READ_WRITE)) {
        assertThatThrownBy(() -> ch.write(ByteBuffer.wrap(new byte[] {7})))
            .hasRootCauseInstanceOf(ReadOnlyStoreException.class);
      }
    }
    assertThat(sha256(file)).isEqualTo(sha);
    // Root may write here, so the store's connections were query_only rather than opened with the
    // read-only flag, and closing removed the -wal and -shm files as usual: nothing is left over.
    assertThat(names(dir)).isEqualTo(before);
  }

  @Test
  void aStaleShaIsRecomputedByVerifyButNotStoredByAReadOnlyStore() throws Exception {
    Path file = tmp.resolve("stale.db");
    BlobInfo blob;
    try (BlobStore store = BlobStore.open(file.toString())) {
      blob = store.put(new byte[] {1, 2, 3}, PutOptions.at("b", "k"));
      try (BlobChannel ch = store.open(blob.ref(), OpenMode.READ_WRITE)) {
        ch.write(ByteBuffer.wrap(new byte[] {9}));
      }
    }
    String sha = sha256(file);
    try (BlobStore store = BlobStore.open(file.toString(), readOnly())) {
      assertThat(store.info(blob.ref()).sha256()).isNull(); // info never reads content
      VerifyReport report = store.verify(blob.ref());
      assertThat(report.ok()).isTrue();
      assertThat(report.notes())
          .singleElement()
          .asString()
          .contains(HexFormat.of().formatHex(digest(new byte[] {9, 2, 3})))
          .contains("not recorded");
      assertThat(store.info(blob.ref()).sha256()).isNull();
    }
    assertThat(sha256(file)).isEqualTo(sha);
  }

  @Test
  void readOnlyOpenDoesNotUpgradeAnOlderSchemaAndNamesANewerOne() throws Exception {
    Path file = tmp.resolve("old.db");
    try (BlobStore store = BlobStore.open(file.toString())) {
      store.put(new byte[] {1});
    }
    setSchemaVersion(file, "1");
    String sha = sha256(file);
    assertThatThrownBy(() -> BlobStore.open(file.toString(), readOnly()))
        .isInstanceOf(StoreFormatException.class)
        .hasMessageContaining("has schema version 1")
        .hasMessageContaining("open it writable once to upgrade it");
    assertThat(sha256(file)).isEqualTo(sha);

    setSchemaVersion(file, "1000");
    assertThatThrownBy(() -> BlobStore.open(file.toString(), readOnly()))
        .isInstanceOf(StoreFormatException.class)
        .hasMessageContaining("made by a newer blobkeep");
  }

  @Test
  void openThatMustNotCreateFailsOnAMissingFileAndCreatesNothing() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("empty"));
    Path file = dir.resolve("x.db");
    for (StoreOptions options : List.of(readOnly(), StoreOptions.defaults().create(false))) {
      assertThatThrownBy(() -> BlobStore.open(file.toString(), options))
          .isInstanceOf(StoreNotFoundException.class)
          .hasMessage("no blobkeep store at " + file);
      assertThatThrownBy(() -> BlobStore.open("jdbc:sqlite:" + file, options))
          .isInstanceOf(StoreNotFoundException.class)
          .hasMessage("no blobkeep store at " + file);
      Path inMissingDir = dir.resolve("nope").resolve("x.db");
      assertThatThrownBy(() -> BlobStore.open(inMissingDir.toString(), options))
          .isInstanceOf(StoreNotFoundException.class)
          .hasMessage("no blobkeep store at " + inMissingDir);
    }
    assertThat(names(dir)).isEmpty();
  }

  @Test
  void openThatMustNotCreateLeavesAnSqliteFileWithoutAStoreAsItWas() throws Exception {
    Path file = tmp.resolve("app.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE app (id INTEGER PRIMARY KEY)");
    }
    String sha = sha256(file);
    for (StoreOptions options : List.of(readOnly(), StoreOptions.defaults().create(false))) {
      assertThatThrownBy(() -> BlobStore.open(file.toString(), options))
          .isInstanceOf(StoreNotFoundException.class)
          .hasMessage("no blobkeep store at " + file);
    }
    assertThat(sha256(file)).isEqualTo(sha);
    assertThat(names(tmp)).containsExactly("app.db");
  }

  @Test
  void withoutCreateAnExistingStoreOpensWritable() {
    Path file = tmp.resolve("w.db");
    try (BlobStore store = BlobStore.open(file.toString())) {
      store.put(new byte[] {1}, PutOptions.at("b", "one"));
    }
    try (BlobStore store = BlobStore.open(file.toString(), StoreOptions.defaults().create(false))) {
      store.put(new byte[] {2}, PutOptions.at("b", "two"));
      assertThat(store.list(Query.bucket("b")).items()).hasSize(2);
    }
  }

  /**
   * The honest check that file modes, not just the engine, are respected: a child JVM running as
   * user {@code nobody} cannot open the store writable (the old behaviour of every open), and reads
   * it read-only. Needs root (to switch user) and {@code setpriv}; skipped otherwise.
   */
  @Test
  void aUserWhoMayOnlyReadTheFileReadsTheStore() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run as nobody");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs /usr/bin/setpriv");
    Path dir = Files.createDirectory(tmp.resolve("shared"));
    Path file = dir.resolve("store.db");
    try (BlobStore store = BlobStore.open(file.toString())) {
      store.put(new byte[] {1}, PutOptions.at("b", "one"));
      store.put(new byte[] {2}, PutOptions.at("b", "two"));
    }
    String classPath = worldReadableClassPath(Files.createDirectory(tmp.resolve("cp")));
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
    Set<String> before = names(dir);

    String writable = runAsNobody(classPath, file, "writable", StoreOptions.defaults().poolSize());
    assertThat(writable).startsWith("1 failed: ");
    String readOnly = runAsNobody(classPath, file, "read-only", readOnly().poolSize());
    assertThat(readOnly).isEqualTo("0 blobs 2");
    assertThat(names(dir)).isEqualTo(before);
  }

  private static String runAsNobody(String classPath, Path file, String mode, int poolSize)
      throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.addAll(
        List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Djava.io.tmpdir=/tmp", "-cp", classPath));
    cmd.addAll(List.of(ReadOnlyWorker.class.getName(), file.toString(), mode, "" + poolSize));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return p.exitValue() + " " + out;
  }

  /** This JVM's class path copied where user nobody can read it (not under /root). */
  private static String worldReadableClassPath(Path into) throws IOException {
    List<String> entries = new ArrayList<>();
    int n = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path from = Path.of(entry);
      if (!Files.exists(from)) {
        continue;
      }
      Path to = into.resolve(Integer.toString(n++) + (Files.isDirectory(from) ? "" : ".jar"));
      try (Stream<Path> files = Files.walk(from)) {
        for (Path f : files.toList()) {
          Files.copy(f, to.resolve(from.relativize(f).toString()));
        }
      }
      entries.add(to.toString());
    }
    try (Stream<Path> files = Files.walk(into)) {
      for (Path p : files.toList()) {
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private static void setSchemaVersion(Path file, String version) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "UPDATE blobkeep_settings SET value = '" + version + "' WHERE name = 'schema_version'");
    }
  }

  private static Set<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(digest(Files.readAllBytes(file)));
  }

  private static byte[] digest(byte[] bytes) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(bytes);
  }
}
