package dev.blobkeep.server;

import dev.blobkeep.fetch.FetchOptions;
import dev.blobkeep.server.s3.S3Credential;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The command line of {@code java dev.blobkeep.server.BlobServer} (the CLI's {@code serve} takes
 * the same options through picocli):
 *
 * <pre>
 * --port N              port, 0 for any free one (default 8080)
 * --bind ADDRESS        address to listen on (default 127.0.0.1)
 * --db LOCATION         store: a file path or JDBC URL (default $BLOBKEEP_DB, else ./blobkeep.db)
 * --token S:PERMS:B     a token, repeatable; also read from BLOBKEEP_TOKENS (prefer it or
 *                       --token-file: command lines are visible to other users)
 * --token-file PATH     tokens, one or more a line, '#' comments
 * --no-auth             no tokens: allowed only on a loopback address
 * --public-host NAME    answer this Host too (NAME or NAME:PORT), behind a reverse proxy
 * --allow-origin ORIGIN accept writes a browser sends from pages of this origin
 * --no-access-log       no log line per request
 * --max-body SIZE       largest request body, e.g. 512M, 8G (default 8G)
 * --request-timeout S   longest a request may run, in seconds (default 1800)
 * --fetch-max-size SIZE largest body POST /fetch stores (default 1G)
 * --fetch-allow-private let POST /fetch reach loopback and private addresses
 * --s3-port N           also serve the S3 API on this port
 * --s3-credentials A:S:PERMS:B  an S3 key, repeatable; also BLOBKEEP_S3_CREDENTIALS
 * --s3-credentials-file PATH    S3 keys, one or more a line, '#' comments
 * --s3-region NAME      region the S3 API names (default us-east-1)
 * --s3-domain NAME      answer virtual-host style S3 requests for BUCKET.NAME
 * </pre>
 */
public final class ServerArgs {
  private ServerArgs() {}

  /**
   * Reads {@code args} into a builder, with the tokens of {@value Tokens#ENV} added.
   *
   * @param args the options, as {@code blobkeep serve} takes them
   * @return the builder, not yet built
   * @throws IllegalArgumentException naming the option that is unknown, lacks a value or has a bad
   *     one
   */
  public static BlobServer.Builder parse(String[] args) {
    BlobServer.Builder b =
        BlobServer.builder()
            .tokens(Tokens.fromEnvironment())
            .s3Credentials(S3Credential.fromEnvironment(System.getenv()));
    Limits limits = Limits.defaults();
    FetchOptions fetch = FetchOptions.defaults();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--no-auth" -> b.noAuth(true);
        case "--port" -> b.port(integer(a, value(args, ++i, a)));
        case "--bind" -> b.bind(value(args, ++i, a));
        case "--db" -> b.location(value(args, ++i, a));
        case "--token" -> b.token(value(args, ++i, a));
        case "--token-file" -> b.tokens(Tokens.fromFile(Path.of(value(args, ++i, a))));
        case "--max-body" -> limits = limits.maxBodyBytes(size(a, value(args, ++i, a)));
        case "--request-timeout" ->
            limits = limits.requestTimeout(Duration.ofSeconds(integer(a, value(args, ++i, a))));
        case "--fetch-max-size" -> fetch = fetch.maxSize(size(a, value(args, ++i, a)));
        case "--fetch-allow-private" -> fetch = fetch.allowPrivate(true);
        case "--public-host" -> b.publicHost(value(args, ++i, a));
        case "--allow-origin" -> b.allowOrigin(value(args, ++i, a));
        case "--no-access-log" -> b.accessLog(false);
        case "--s3-port" -> b.s3Port(integer(a, value(args, ++i, a)));
        case "--s3-credentials" -> b.s3Credential(value(args, ++i, a));
        case "--s3-credentials-file" ->
            b.s3Credentials(S3Credential.fromFile(Path.of(value(args, ++i, a))));
        case "--s3-region" -> b.s3Region(value(args, ++i, a));
        case "--s3-domain" -> b.s3Domain(value(args, ++i, a));
        default -> throw new IllegalArgumentException("unknown option '" + a + "'");
      }
    }
    return b.limits(limits).fetchOptions(fetch);
  }

  /**
   * Starts a server from {@code args} and serves until the process is stopped.
   *
   * @param args the options, as {@code blobkeep serve} takes them
   * @throws InterruptedException if the thread serving is interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    PrintStream err = System.err;
    BlobServer server;
    try {
      server = parse(args).build().start();
    } catch (RuntimeException e) {
      err.println("blobkeep serve: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "blobkeep-shutdown"));
    err.println(
        "blobkeep: serving "
            + server.store().location()
            + " on http://"
            + server.bind()
            + ":"
            + server.port()
            + "/ ("
            + (server.usesVirtualThreads() ? "virtual" : "platform")
            + " threads)"
            + (server.s3Port() >= 0
                ? "; S3 on http://" + server.bind() + ":" + server.s3Port() + "/"
                : ""));
    server.join();
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException("option " + option + " needs a value");
    }
    return args[i];
  }

  private static int integer(String option, String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " '" + text + "' is not an integer");
    }
  }

  /** A byte count with an optional K, M or G suffix (powers of 1024). */
  static long size(String option, String text) {
    String t = text.strip().toUpperCase(Locale.ROOT);
    long unit = 1;
    if (t.endsWith("K") || t.endsWith("M") || t.endsWith("G")) {
      unit = t.endsWith("K") ? 1L << 10 : t.endsWith("M") ? 1L << 20 : 1L << 30;
      t = t.substring(0, t.length() - 1);
    }
    try {
      return Math.multiplyExact(Long.parseLong(t), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          option + " '" + text + "' is not a size such as 512M or 8G");
    }
  }
}
