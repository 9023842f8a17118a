package dev.blobkeep.server;

import java.util.List;
import java.util.Locale;

/**
 * Who may do what: finds the request's bearer token and checks it against a bucket. With
 * authentication off (loopback only) every request may do everything. Thread-safe.
 */
final class Access {
  /** What an authenticated request may do. */
  interface Grant {
    boolean canWrite();

    boolean allows(String bucket);

    /** The buckets granted, or null for every bucket. */
    List<String> buckets();
  }

  private static final Grant EVERYTHING =
      new Grant() {
        @Override
        public boolean canWrite() {
          return true;
        }

        @Override
        public boolean allows(String bucket) {
          return true;
        }

        @Override
        public List<String> buckets() {
          return null;
        }
      };

  private final List<AccessToken> tokens;
  private final boolean open;

  Access(List<AccessToken> tokens, boolean open) {
    this.tokens = List.copyOf(tokens);
    this.open = open;
  }

  /**
   * The grant of the request's {@code Authorization: Bearer} token.
   *
   * @throws HttpError 401 if the header is missing, malformed or names no known token
   */
  Grant authenticate(Exchange ex) {
    if (open) {
      return EVERYTHING;
    }
    String header = ex.header("Authorization");
    if (header == null) {
      throw new HttpError(401, "authentication required: send Authorization: Bearer <token>");
    }
    String h = header.strip();
    if (h.length() < 7 || !h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      throw new HttpError(401, "Authorization header is not of the form 'Bearer <token>'");
    }
    String presented = h.substring(7).strip();
    AccessToken found = null;
    // Every token is compared, so the time taken does not tell which one matched.
    for (AccessToken t : tokens) {
      if (t.matches(presented) && found == null) {
        found = t;
      }
    }
    if (found == null) {
      throw new HttpError(401, "the bearer token is not valid");
    }
    AccessToken token = found;
    return new Grant() {
      @Override
      public boolean canWrite() {
        return token.canWrite();
      }

      @Override
      public boolean allows(String bucket) {
        return token.allows(bucket);
      }

      @Override
      public List<String> buckets() {
        return token.allBuckets() ? null : List.copyOf(token.buckets());
      }
    };
  }

  /**
   * Checks that {@code grant} may read (or with {@code write}, change) {@code bucket}.
   *
   * @throws HttpError 403 naming the bucket and what was refused
   */
  static void check(Grant grant, String bucket, boolean write) {
    if (!grant.allows(bucket)) {
      throw new HttpError(403, "this token has no access to bucket '" + bucket + "'");
    }
    if (write && !grant.canWrite()) {
      throw new HttpError(403, "this token is read-only and cannot change bucket '" + bucket + "'");
    }
  }
}
