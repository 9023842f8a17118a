package com.example.consumer;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.server.BlobServer;
import dev.blobkeep.spi.DialectProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * An application that uses blobkeep through its published artifacts: it stores and reads a blob in
 * a SQLite store, serves the store over HTTP and S3 and reads it back through both, checks that
 * every backend is found, and that no test library came along.
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
      serve(store);
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
                    "dev.blobkeep.mariadb.MariadbProvider",
                    "dev.blobkeep.postgres.PostgresProvider",
                    "dev.blobkeep.sqlite.SqliteProvider"))),
        "backends found: " + backends);

    Module api = BlobStore.class.getModule();
    if (App.class.getModule().isNamed()) {
      check("dev.blobkeep".equals(api.getName()), "BlobStore is in module " + api.getName());
      check(
          modules.equals(new TreeSet<>(
                  List.of("dev.blobkeep.mariadb", "dev.blobkeep.postgres", "dev.blobkeep.sqlite"))),
          "backend modules: " + modules);
      check(api.isExported("dev.blobkeep.spi"), "dev.blobkeep.spi is not exported");
      check(!api.isExported("dev.blobkeep.internal"), "dev.blobkeep.internal is exported");
      Module server = BlobServer.class.getModule();
      check(
          "dev.blobkeep.server".equals(server.getName()),
          "BlobServer is in module " + server.getName());
      TreeSet<String> exported = new TreeSet<>();
      server.getPackages().stream().filter(server::isExported).forEach(exported::add);
      check(
          exported.equals(new TreeSet<>(List.of("dev.blobkeep.server", "dev.blobkeep.server.s3"))),
          "dev.blobkeep.server exports " + exported);
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

  /**
   * Serves {@code store} on free loopback ports and reads it through the HTTP API (JSON, the web
   * page from the server's jar) and the S3 port (an unsigned request: an S3 XML error).
   */
  private static void serve(BlobStore store) throws Exception {
    try (BlobServer server =
        BlobServer.builder()
            .store(store)
            .port(0)
            .noAuth(true)
            .accessLog(false)
            .s3Port(0)
            .s3Credential("app:" + "0123456789abcdef".repeat(2) + ":rw:*")
            .build()
            .start()) {
      HttpClient http = HttpClient.newHttpClient();
      String api = "http://127.0.0.1:" + server.port();
      HttpResponse<String> blob = get(http, api + "/b/docs/hello.txt");
      check(
          blob.statusCode() == 200 && blob.body().equals("hello"),
          "GET /b/docs/hello.txt: " + blob);
      HttpResponse<String> listing = get(http, api + "/b/docs?fields=key");
      check(listing.body().contains("\"key\":\"hello.txt\""), "GET /b/docs: " + listing.body());
      HttpResponse<String> page = get(http, api + "/");
      check(page.statusCode() == 200 && page.body().contains("<html"), "GET /: " + page);
      String s3Endpoint = "http://127.0.0.1:" + server.s3Port();
      HttpResponse<String> s3 = get(http, s3Endpoint + "/docs/hello.txt");
      check(
          s3.statusCode() == 403 && s3.body().contains("<Code>AccessDenied</Code>"),
          "unsigned S3 GET: " + s3.statusCode() + " " + s3.body());
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
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
