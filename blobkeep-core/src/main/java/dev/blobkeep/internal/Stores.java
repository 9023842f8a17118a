package dev.blobkeep.internal;

import dev.blobkeep.BlobStore;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.StoreException;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.spi.Backend;
import dev.blobkeep.spi.Dialect;
import dev.blobkeep.spi.DialectProvider;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** Opens stores: finds the backend for a location through {@link ServiceLoader}. */
public final class Stores {
  private static final Pattern BARE_URL =
      Pattern.compile("(postgresql|postgres|mariadb|mysql)://", Pattern.CASE_INSENSITIVE);

  private Stores() {}

  public static BlobStore open(String location, StoreOptions options) {
    Objects.requireNonNull(options, "options");
    if (location == null || location.isBlank()) {
      throw new InvalidArgumentException("store location is empty");
    }
    checkNotBareUrl(location);
    for (DialectProvider p : providers()) {
      if (p.supports(location)) {
        return start(p.open(location, options), options, true);
      }
    }
    throw new InvalidArgumentException(
        "no blobkeep backend on the class path accepts location '"
            + location
            + "' (SQLite paths and jdbc:sqlite: need blobkeep-sqlite; jdbc:postgresql: needs"
            + " blobkeep-postgres; jdbc:mariadb: needs blobkeep-mariadb)");
  }

  public static BlobStore open(DataSource dataSource, StoreOptions options) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(options, "options");
    String product;
    try (Connection c = dataSource.getConnection()) {
      product = c.getMetaData().getDatabaseProductName();
    } catch (SQLException e) {
      throw new StoreException(
          "cannot connect through the given data source ("
              + dataSource.getClass().getName()
              + "): "
              + Dialect.firstLine(e),
          e);
    }
    for (DialectProvider p : providers()) {
      if (p.supportsProduct(product)) {
        return start(p.wrap(dataSource, options), options, false);
      }
    }
    throw new InvalidArgumentException(
        "no blobkeep backend on the class path supports database '" + product + "'");
  }

  /**
   * Refuses a database URL written without {@code jdbc:} ({@code postgresql://host/db}), which
   * would otherwise be taken for an SQLite file path and fail on a directory that does not exist.
   */
  static void checkNotBareUrl(String location) {
    Matcher m = BARE_URL.matcher(location);
    if (!m.lookingAt()) {
      return;
    }
    String scheme = m.group(1).toLowerCase(Locale.ROOT);
    String jdbcScheme = scheme.equals("postgres") ? "postgresql" : scheme;
    String shown = withoutPassword(location);
    throw new InvalidArgumentException(
        "store location '"
            + shown
            + "' is neither a file path nor a JDBC URL: did you mean jdbc:"
            + jdbcScheme
            + shown.substring(m.end(1))
            + "?");
  }

  /** The location with the password of its user info and of a password parameter masked. */
  private static String withoutPassword(String location) {
    return location
        .replaceFirst("^([^:/?#]+://[^:@/?#]*):[^@/?#]*@", "$1:***@")
        .replaceAll("(?i)([?&]password=)[^&]*", "$1***");
  }

  private static BlobStore start(Backend backend, StoreOptions options, boolean ownPool) {
    try {
      return Engine.start(backend, options, ownPool);
    } catch (RuntimeException | Error e) {
      try {
        backend.onClose().run();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static List<DialectProvider> providers() {
    List<DialectProvider> out = new ArrayList<>();
    ServiceLoader.load(DialectProvider.class, Stores.class.getClassLoader()).forEach(out::add);
    if (out.isEmpty()) {
      ServiceLoader.load(DialectProvider.class).forEach(out::add);
    }
    return out;
  }
}
