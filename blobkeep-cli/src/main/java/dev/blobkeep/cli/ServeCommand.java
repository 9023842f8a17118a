package dev.blobkeep.cli;

import dev.blobkeep.BlobStore;
import dev.blobkeep.fetch.FetchOptions;
import dev.blobkeep.server.AccessToken;
import dev.blobkeep.server.BlobServer;
import dev.blobkeep.server.Limits;
import dev.blobkeep.server.Tokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve}: the store over HTTP (JSON API, web page, health, metrics) until stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the store over HTTP until stopped: the JSON API under /b/ and /id/, /fetch,"
          + " /healthz, /metrics and a web page at /.",
      "Requests need a bearer token (--token, --token-file or $"
          + Tokens.ENV
          + "), unless"
          + " --no-auth, which is allowed only on a loopback address."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  blobkeep serve --token 's3cr3t:rw:*'",
      "  blobkeep serve --bind 0.0.0.0 --port 9000 --token-file tokens",
      "  curl -H 'Authorization: Bearer s3cr3t' -T cat.png \\",
      "      http://127.0.0.1:8080/b/photos/cat.png"
    })
final class ServeCommand extends StoreCommand {
  @Option(
      names = "--port",
      paramLabel = "N",
      description = "Port, 0 for any free one (default: 8080).")
  int port = 8080;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description = "Address to listen on (default: 127.0.0.1).")
  String bind = "127.0.0.1";

  @Option(
      names = "--token",
      paramLabel = "SECRET:PERMS:BUCKETS",
      description = "A token: PERMS ro or rw, BUCKETS * or a,b,c; repeatable.")
  List<String> tokens = new ArrayList<>();

  @Option(
      names = "--token-file",
      paramLabel = "PATH",
      description = "Tokens, one or more a line; # comments.")
  Path tokenFile;

  @Option(names = "--no-auth", description = "Serve without tokens (loopback addresses only).")
  boolean noAuth;

  @Option(
      names = "--max-body",
      paramLabel = "SIZE",
      converter = Sizes.class,
      description = "Largest request body (default: 8G).")
  long maxBody = Limits.defaults().maxBodyBytes();

  @Option(
      names = "--request-timeout",
      paramLabel = "SECONDS",
      description = "Longest a request may run (default: 1800).")
  long requestTimeout = Limits.defaults().requestTimeout().toSeconds();

  @Option(
      names = "--fetch-max-size",
      paramLabel = "SIZE",
      converter = Sizes.class,
      description = "Largest body POST /fetch stores (default: 1G).")
  long fetchMaxSize = FetchOptions.defaults().maxSize();

  @Option(
      names = "--fetch-allow-private",
      description = "Let POST /fetch reach private and loopback addresses.")
  boolean fetchAllowPrivate;

  @Override
  void run(BlobStore store, Terminal terminal) throws Exception {
    BlobServer server;
    try {
      List<AccessToken> all = new ArrayList<>(Tokens.fromEnvironment());
      for (String t : tokens) {
        all.add(AccessToken.parse(t));
      }
      if (tokenFile != null) {
        all.addAll(Tokens.fromFile(tokenFile));
      }
      server =
          BlobServer.builder()
              .store(store)
              .bind(bind)
              .port(port)
              .tokens(all)
              .noAuth(noAuth)
              .limits(
                  Limits.defaults()
                      .maxBodyBytes(maxBody)
                      .requestTimeout(Duration.ofSeconds(requestTimeout)))
              .fetchOptions(
                  FetchOptions.defaults().maxSize(fetchMaxSize).allowPrivate(fetchAllowPrivate))
              .build()
              .start();
    } catch (IllegalArgumentException e) {
      throw usageError(e.getMessage());
    }
    // On Ctrl-C or SIGTERM: let requests in flight finish, then close the store before the JVM
    // halts.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  store.close();
                },
                "blobkeep-serve-stop"));
    terminal
        .err()
        .println(
            "blobkeep: serving "
                + store.location()
                + " on http://"
                + bind
                + ":"
                + server.port()
                + "/");
    server.join();
  }
}
