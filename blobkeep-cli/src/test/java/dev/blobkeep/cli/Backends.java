package dev.blobkeep.cli;

import dev.blobkeep.BlobStore;
import dev.blobkeep.spi.DialectProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * Runs each {@link CliTest} against every backend on the test class path: a SQLite file in a fresh
 * temporary directory, and PostgreSQL when its backend ({@code blobkeep-postgres}) is present. The
 * PostgreSQL location is {@code $BLOBKEEP_PG_URL}, default {@value #DEFAULT_PG_URL}, with a schema
 * of the test's own ({@code currentSchema}), dropped when the test ends, so that tests running at
 * the same time never see each other's blobs. A server that cannot be reached skips the test, or
 * fails it when {@code CI=true}.
 */
final class Backends implements TestTemplateInvocationContextProvider {
  static final String DEFAULT_PG_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  /** Why PostgreSQL cannot be used, once a try failed; not retried for every test. */
  private static volatile String postgresUnusable;

  /** One kind of store the tests run on. */
  enum Backend {
    SQLITE,
    POSTGRES;

    /**
     * A location for a fresh, empty store; {@code dir} is the test's scratch directory, {@code
     * cleanup} takes what must be closed when the test ends.
     */
    String freshLocation(Path dir, ExtensionContext.Store cleanup) {
      return switch (this) {
        case SQLITE -> freshSqlite(dir.resolve("store.db"));
        case POSTGRES -> freshPostgres(cleanup);
      };
    }

    static List<Backend> available() {
      List<Backend> backends = new ArrayList<>(List.of(SQLITE));
      // The PostgreSQL driver alone is not enough (the CLI has it for import): the backend must be.
      boolean postgres =
          ServiceLoader.load(DialectProvider.class).stream()
              .anyMatch(p -> p.get().supports(DEFAULT_PG_URL));
      if (postgres) {
        backends.add(POSTGRES);
      }
      return backends;
    }
  }

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return true;
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
      ExtensionContext context) {
    return Backend.available().stream().map(Invocation::new);
  }

  private record Invocation(Backend backend) implements TestTemplateInvocationContext {
    @Override
    public String getDisplayName(int invocationIndex) {
      return backend.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public List<Extension> getAdditionalExtensions() {
      return List.of(new CliResolver(backend));
    }
  }

  /**
   * Prepares the store before each test (where skipping works: an abort while resolving a parameter
   * would be an error) and hands the test its {@link Cli}.
   */
  private record CliResolver(Backend backend) implements BeforeEachCallback, ParameterResolver {
    @Override
    public void beforeEach(ExtensionContext context) {
      ScratchDir dir = ScratchDir.create();
      ExtensionContext.Store store = store(context);
      store.put("dir", dir);
      store.put("cli", new Cli(backend, backend.freshLocation(dir.path(), store), dir.path()));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == Cli.class;
    }

    @Override
    public Cli resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return store(context).get("cli", Cli.class);
    }

    private static ExtensionContext.Store store(ExtensionContext context) {
      return context.getStore(
          ExtensionContext.Namespace.create(Backends.class, context.getUniqueId()));
    }
  }

  /** A temporary directory removed with everything in it when the test ends. */
  private record ScratchDir(Path path) implements AutoCloseable {
    static ScratchDir create() {
      try {
        return new ScratchDir(Files.createTempDirectory("blobkeep-cli-test"));
      } catch (IOException e) {
        throw new IllegalStateException("cannot create a temporary directory", e);
      }
    }

    @Override
    public void close() throws IOException {
      try (Stream<Path> all = Files.walk(path)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Creates an empty store, as read commands no longer create one. */
  private static String freshSqlite(Path file) {
    BlobStore.open(file.toString()).close();
    return file.toString();
  }

  private static String freshPostgres(ExtensionContext.Store cleanup) {
    String url = System.getenv().getOrDefault("BLOBKEEP_PG_URL", DEFAULT_PG_URL);
    if (postgresUnusable == null) {
      String schema = "cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
      String location = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
      try (BlobStore store = BlobStore.open(location)) {
        cleanup.put("schema", new DroppedSchema(url, schema));
        return location;
      } catch (RuntimeException e) {
        postgresUnusable = "PostgreSQL at " + url + " cannot be used (" + e.getMessage() + ")";
      }
    }
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(postgresUnusable + "; CI=true requires it");
    }
    Assumptions.abort(
        postgresUnusable + "; set BLOBKEEP_PG_URL or start a server to run these tests");
    return url;
  }

  /** Drops a test's schema when the test ends. */
  private record DroppedSchema(String url, String schema) implements AutoCloseable {
    @Override
    public void close() throws SQLException {
      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }
}
