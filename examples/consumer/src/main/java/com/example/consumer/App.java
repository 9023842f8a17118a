package com.example.consumer;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.spi.DialectProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * An application that uses blobkeep through its published artifacts: it stores and reads a blob in
 * a SQLite store, checks that both backends are found, and that no test library came along.
 * Arguments: a directory for the store, and how the application was launched (for the last line).
 * Exits with status 1 and one line on stderr if anything is wrong.
 */
public final class App {
  private App() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args[0]));
    Path file = dir.resolve("blobs.db");
    Files.deleteIfExists(file);
    try (BlobStore store = BlobStore.open(file.toString())) {
      BlobInfo info =
          store.put("hello".getBytes(StandardCharsets.UTF_8), PutOptions.at("docs", "hello.txt"));
      String back = new String(store.getBytes(info.ref()), StandardCharsets.UTF_8);
      check("hello".equals(back), "read back '" + back + "', stored 'hello'");
      check(store.list(Query.bucket("docs")).items().size() == 1, "listing docs");
      check(store.verifyAll().ok(), "verifyAll: " + store.verifyAll());
    }

    TreeSet<String> backends = new TreeSet<>();
    TreeSet<String> modules = new TreeSet<>();
    for (DialectProvider provider : ServiceLoader.load(DialectProvider.class)) {
      backends.add(provider.getClass().getName());
      modules.add(String.valueOf(provider.getClass().getModule().getName()));
    }
    check(
        backends.equals(
            new TreeSet<>(
                List.of(
                    "dev.blobkeep.postgres.PostgresProvider",
                    "dev.blobkeep.sqlite.SqliteProvider"))),
        "backends found: " + backends);

    Module api = BlobStore.class.getModule();
    if (App.class.getModule().isNamed()) {
      check("dev.blobkeep".equals(api.getName()), "BlobStore is in module " + api.getName());
      check(
          modules.equals(new TreeSet<>(List.of("dev.blobkeep.postgres", "dev.blobkeep.sqlite"))),
          "backend modules: " + modules);
      check(api.isExported("dev.blobkeep.spi"), "dev.blobkeep.spi is not exported");
      check(!api.isExported("dev.blobkeep.internal"), "dev.blobkeep.internal is exported");
    } else {
      check(!api.isNamed(), "BlobStore is in module " + api.getName() + " on the class path");
    }

    for (String leaked :
        List.of(
            "org.junit.jupiter.api.Test",
            "org.assertj.core.api.Assertions",
            "net.jqwik.api.Property",
            "dev.blobkeep.testkit.PgServer",
            "org.slf4j.nop.NOPServiceProvider")) {
      check(!present(leaked), leaked + " is on the application's path: a leaked test dependency");
    }
    System.out.println("consumer: blobkeep works on the " + args[1]);
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, App.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      System.err.println("consumer: " + what);
      System.exit(1);
    }
  }
}
