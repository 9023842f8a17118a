package dev.blobkeep.cli;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.Query;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * Runs each {@link CliTest} against every backend on the test class path: a SQLite file in a fresh
 * temporary directory, and PostgreSQL when its driver is present (from {@code blobkeep-postgres}).
 * The PostgreSQL location is {@code $BLOBKEEP_PG_URL}, default {@value #DEFAULT_PG_URL}; every blob
 * there is removed before each test. A server that cannot be reached skips the test, or fails it
 * when {@code CI=true}.
 */
final class Backends implements TestTemplateInvocationContextProvider {
  static final String DEFAULT_PG_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  /** One kind of store the tests run on. */
  enum Backend {
    SQLITE,
    POSTGRES;

    /** A location for a fresh, empty store; {@code dir} is the test's scratch directory. */
    String freshLocation(Path dir) {
      return switch (this) {
        case SQLITE -> dir.resolve("store.db").toString();
        case POSTGRES -> emptiedPostgres();
      };
    }

    static List<Backend> available() {
      List<Backend> backends = new ArrayList<>(List.of(SQLITE));
      try {
        Class.forName("org.postgresql.Driver");
        backends.add(POSTGRES);
      } catch (ClassNotFoundException e) {
        // blobkeep-postgres is not a dependency yet: SQLite only.
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

  private record CliResolver(Backend backend) implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == Cli.class;
    }

    @Override
    public Cli resolveParameter(ParameterContext parameter, ExtensionContext context) {
      ScratchDir dir =
          context
              .getStore(ExtensionContext.Namespace.create(Backends.class, context.getUniqueId()))
              .getOrComputeIfAbsent("dir", k -> ScratchDir.create(), ScratchDir.class);
      return new Cli(backend, backend.freshLocation(dir.path()), dir.path());
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

  private static String emptiedPostgres() {
    String url = System.getenv().getOrDefault("BLOBKEEP_PG_URL", DEFAULT_PG_URL);
    try (BlobStore store = BlobStore.open(url)) {
      Query ids = Query.all().fields("id").limit(Query.MAX_LIMIT);
      List<BlobInfo> page;
      while (!(page = store.list(ids).items()).isEmpty()) {
        List<BlobInfo> doomed = page;
        store.useTransaction(tx -> doomed.forEach(info -> tx.delete(info.ref())));
      }
    } catch (RuntimeException e) {
      String message = "PostgreSQL at " + url + " cannot be used (" + e.getMessage() + ")";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(message + "; CI=true requires it", e);
      }
      Assumptions.abort(message + "; set BLOBKEEP_PG_URL or start a server to run these tests");
    }
    return url;
  }
}
