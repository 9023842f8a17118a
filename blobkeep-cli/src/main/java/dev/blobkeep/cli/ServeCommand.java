package dev.blobkeep.cli;

import dev.blobkeep.BlobStore;
import dev.blobkeep.fetch.FetchOptions;
import dev.blobkeep.server.AccessToken;
import dev.blobkeep.server.BlobServer;
import dev.blobkeep.server.Limits;
import dev.blobkeep.server.Tokens;
import dev.blobkeep.server.s3.S3Credential;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve}: the store over HTTP (JSON API, web page, health, metrics) until stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the store over HTTP until stopped: the JSON API under /b/ and /id/, /fetch,"
          + " /healthz, /metrics and a web page at /.",
      "Requests need a bearer token ($"
          + Tokens.ENV
          + " or --token-file; --token shows the secret to other users in the process list),"
          + " unless --no-auth, which is allowed only on a loopback address. A secret has at"
          + " least 16 characters: generate one with 'openssl rand -hex 24'.",
      "Only requests for the bind address, localhost and loopback (with the port), or a"
          + " --public-host name, are answered (421 otherwise); writes a browser sends from"
          + " another site are refused (403) unless --allow-origin names it."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  BLOBKEEP_TOKENS=\"$(openssl rand -hex 24):rw:*\" blobkeep serve",
      "  blobkeep serve --bind 0.0.0.0 --port 9000 --token-file tokens \\",
      "      --public-host blobs.example.com",
      "  BLOBKEEP_S3_CREDENTIALS=\"app:$(openssl rand -hex 20):rw:*\" \\",
      "      blobkeep serve --no-auth --s3-port 9000",
      "  curl -H \"Authorization: Bearer $SECRET\" -T cat.png \\",
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
      names = "--public-host",
      paramLabel = "NAME",
      description =
          "Also answer this Host, as NAME or NAME:PORT (behind a reverse proxy);" + " repeatable.")
  List<String> publicHosts = new ArrayList<>();

  @Option(
      names = "--allow-origin",
      paramLabel = "ORIGIN",
      description =
          "Accept writes a browser sends from pages of this origin (https://app.example.com);"
              + " repeatable.")
  List<String> allowOrigins = new ArrayList<>();

  @Option(names = "--no-access-log", description = "Log no line per request (the access log).")
  boolean noAccessLog;

  @Option(
      names = "--s3-port",
      paramLabel = "N",
      description = "Also serve the S3 API on this port (same store, same address).")
  Integer s3Port;

  @Option(
      names = "--s3-credentials",
      paramLabel = "CREDENTIAL",
      description =
          "An S3 key ACCESS_KEY:SECRET_KEY:PERMS:BUCKETS, PERMS ro or rw, BUCKETS * or a,b,c; repeatable; also $"
              + S3Credential.ENV
              + ".")
  List<String> s3Credentials = new ArrayList<>();

  @Option(
      names = "--s3-credentials-file",
      paramLabel = "PATH",
      description = "S3 keys, one or more a line; # comments.")
  Path s3CredentialsFile;

  @Option(
      names = "--s3-region",
      paramLabel = "NAME",
      description = "Region the S3 API names (default: us-east-1); any region signs.")
  String s3Region = "us-east-1";

  @Option(
      names = "--s3-domain",
      paramLabel = "NAME",
      description =
          "Also answer virtual-host style S3 requests: the bucket as a subdomain of NAME.")
  String s3Domain;

  private BlobServer.Builder builder;

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

  /** Reads tokens and options before the store is opened, so a mistake creates no store file. */
  @Override
  void check() {
    try {
      String fromEnv = root.terminal().env(Tokens.ENV);
      List<AccessToken> all =
          new ArrayList<>(
              Tokens.fromEnvironment(fromEnv == null ? Map.of() : Map.of(Tokens.ENV, fromEnv)));
      for (String t : tokens) {
        all.add(AccessToken.parse(t));
      }
      if (tokenFile != null) {
        all.addAll(Tokens.fromFile(tokenFile));
      }
      builder =
          BlobServer.builder()
              .bind(bind)
              .port(port)
              .tokens(all)
              .noAuth(noAuth)
              .accessLog(!noAccessLog)
              .limits(
                  Limits.defaults()
                      .maxBodyBytes(maxBody)
                      .requestTimeout(Duration.ofSeconds(requestTimeout)))
              .fetchOptions(
                  FetchOptions.defaults().maxSize(fetchMaxSize).allowPrivate(fetchAllowPrivate));
      if (s3Port != null) {
        String s3FromEnv = root.terminal().env(S3Credential.ENV);
        builder
            .s3Port(s3Port)
            .s3Region(s3Region)
            .s3Credentials(
                S3Credential.fromEnvironment(
                    s3FromEnv == null ? Map.of() : Map.of(S3Credential.ENV, s3FromEnv)));
        s3Credentials.forEach(builder::s3Credential);
        if (s3CredentialsFile != null) {
          builder.s3Credentials(S3Credential.fromFile(s3CredentialsFile));
        }
        if (s3Domain != null) {
          builder.s3Domain(s3Domain);
        }
        if (s3Credentials.isEmpty()
            && s3CredentialsFile == null
            && (s3FromEnv == null || s3FromEnv.isBlank())) {
          throw new IllegalArgumentException(
              "--s3-port needs --s3-credentials ACCESS_KEY:SECRET_KEY:PERMS:BUCKETS (or $"
                  + S3Credential.ENV
                  + " or --s3-credentials-file)");
        }
      }
      publicHosts.forEach(builder::publicHost);
      allowOrigins.forEach(builder::allowOrigin);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw usageError(e.getMessage());
    }
  }

  @Override
  void run(BlobStore store, Terminal terminal) throws Exception {
    BlobServer server;
    try {
      server = builder.store(store).build().start();
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
                + "/"
                + (server.s3Port() >= 0
                    ? "; S3 on http://" + bind + ":" + server.s3Port() + "/"
                    : ""));
    server.join();
  }
}
