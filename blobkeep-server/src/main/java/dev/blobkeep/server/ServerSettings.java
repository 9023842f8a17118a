package dev.blobkeep.server;

import dev.blobkeep.BlobStore;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.fetch.FetchOptions;
import dev.blobkeep.server.s3.S3Credential;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * What a {@link BlobServer.Builder} has been told, with the defaults of what it has not, and the
 * checks of the settings together that {@link BlobServer#start()} makes. Each setter of the builder
 * checks its own value; {@link #check()} checks the combinations. Not thread-safe: a builder fills
 * one, and {@link BlobServer.Builder#build()} hands the server a {@link #copy()}.
 */
final class ServerSettings {
  BlobStore store;
  String location = BlobServer.defaultLocation(System.getenv());
  StoreOptions storeOptions = StoreOptions.defaults();
  String bind = "127.0.0.1";
  int port = 8080;
  final List<AccessToken> tokens = new ArrayList<>();
  boolean noAuth;
  Limits limits = Limits.defaults();
  FetchOptions fetchOptions = FetchOptions.defaults();
  Boolean virtualThreads;
  final List<String> publicHosts = new ArrayList<>();
  final List<String> allowedOrigins = new ArrayList<>();
  boolean accessLog = true;
  Logger accessLogger;
  int s3Port = -1;
  final List<S3Credential> s3Credentials = new ArrayList<>();
  String s3Region = "us-east-1";
  String s3Domain;

  /** {@return a copy that later changes to these settings do not reach} */
  ServerSettings copy() {
    ServerSettings s = new ServerSettings();
    s.store = store;
    s.location = location;
    s.storeOptions = storeOptions;
    s.bind = bind;
    s.port = port;
    s.tokens.addAll(tokens);
    s.noAuth = noAuth;
    s.limits = limits;
    s.fetchOptions = fetchOptions;
    s.virtualThreads = virtualThreads;
    s.publicHosts.addAll(publicHosts);
    s.allowedOrigins.addAll(allowedOrigins);
    s.accessLog = accessLog;
    s.accessLogger = accessLogger;
    s.s3Port = s3Port;
    s.s3Credentials.addAll(s3Credentials);
    s.s3Region = s3Region;
    s.s3Domain = s3Domain;
    return s;
  }

  /**
   * Checks the settings together: authentication (tokens, or no-auth on loopback alone), virtual
   * threads only on a JVM that has them, S3 keys when S3 is served.
   *
   * @throws IllegalArgumentException naming the settings that do not go together, and their values
   */
  void check() {
    boolean loopback;
    try {
      loopback = InetAddress.getByName(bind).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("bind address '" + bind + "' is unknown", e);
    }
    if (noAuth && !loopback) {
      throw new IllegalArgumentException(
          "--no-auth is allowed only on a loopback address, not "
              + bind
              + "; give --token instead");
    }
    if (Boolean.TRUE.equals(virtualThreads) && !ThreadMode.available()) {
      throw new IllegalArgumentException(
          "virtual threads need Java 21 or later; this is Java " + Runtime.version().feature());
    }
    if (s3Port >= 0 && s3Credentials.isEmpty()) {
      throw new IllegalArgumentException(
          "--s3-port needs --s3-credentials ACCESS_KEY:SECRET_KEY:PERMS:BUCKETS (or $"
              + S3Credential.ENV
              + " or --s3-credentials-file)");
    }
    if (noAuth && !tokens.isEmpty()) {
      throw new IllegalArgumentException("--no-auth and --token exclude each other");
    }
    if (!noAuth && tokens.isEmpty()) {
      throw new IllegalArgumentException(
          "no token: set "
              + Tokens.ENV
              + " or give --token-file (entries SECRET:PERMS:BUCKETS; a secret from"
              + " 'openssl rand -hex 24'), or --no-auth on a loopback address");
    }
  }
}
