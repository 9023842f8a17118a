package dev.blobkeep.testkit;

import dev.blobkeep.spi.PlainDataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A data source over a fixture's real connections ({@link StoreFixture#connect()}) that lets a test
 * act right after the database ran a given statement: run another operation in between two steps of
 * the store (an interleaving no timing can force), or lose the answer to a COMMIT that the database
 * carried out, as a connection cut in a failover does. Every statement still runs on the real
 * database; only the point in between is the test's.
 *
 * <p>One step is armed at a time ({@link #after}); it is disarmed once it acts. Thread-safe.
 */
public final class InterposedDataSource extends PlainDataSource {
  /** What a test does after a statement ran; returns true once it acted, which disarms it. */
  @FunctionalInterface
  public interface Step {
    boolean run() throws SQLException;
  }

  private final StoreFixture fixture;
  private final AtomicInteger acted = new AtomicInteger();
  private volatile Predicate<String> armedFor;
  private volatile Step armed;

  public InterposedDataSource(StoreFixture fixture) {
    this.fixture = fixture;
  }

  /**
   * Runs {@code step} after each statement whose SQL text {@code when} accepts ({@code COMMIT} for
   * a commit, however it is sent) has run, until the step returns true.
   */
  public void after(Predicate<String> when, Step step) {
    armedFor = when;
    armed = step;
  }

  /** How many armed steps have acted. */
  public int acted() {
    return acted.get();
  }

  /**
   * A step's failure that says the connection was lost (SQL state 08006), which leaves the outcome
   * of the statement unknown to the store.
   */
  public static SQLException connectionLost(String what) {
    return new SQLException("connection lost after " + what + " (interposed by the test)", "08006");
  }

  /** True for a COMMIT, whether sent by {@link Connection#commit()} or as a statement. */
  public static boolean isCommit(String sql) {
    return sql.trim().toUpperCase(Locale.ROOT).startsWith("COMMIT");
  }

  private void ran(String sql) throws SQLException {
    Predicate<String> when = armedFor;
    Step step = armed;
    if (step == null || !when.test(sql)) {
      return;
    }
    synchronized (this) {
      if (armed != step) {
        return; // another thread's step acted
      }
      try {
        if (step.run()) {
          armed = null;
          acted.incrementAndGet();
        }
      } catch (SQLException e) {
        armed = null;
        acted.incrementAndGet();
        throw e;
      }
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection real = fixture.connect();
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            new Watch(real, null));
  }

  /** Passes calls to the real object; reports statements once they ran. */
  private final class Watch implements InvocationHandler {
    private final Object real;
    private final String preparedSql; // for a prepared statement

    Watch(Object real, String preparedSql) {
      this.real = real;
      this.preparedSql = preparedSql;
    }

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
      String name = m.getName();
      if (name.equals("unwrap") && args[0] == Connection.class) {
        return proxy; // the store prepares its cached statements on the unwrapped connection
      }
      Object result;
      try {
        result = m.invoke(real, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if (result instanceof PreparedStatement ps && name.equals("prepareStatement")) {
        return wrap(PreparedStatement.class, ps, (String) args[0]);
      }
      if (result instanceof Statement s && name.equals("createStatement")) {
        return wrap(Statement.class, s, null);
      }
      if (name.equals("commit")) {
        ran("COMMIT");
      } else if (name.startsWith("execute") && !name.equals("executeBatch")) {
        String sql = args != null && args.length > 0 ? (String) args[0] : preparedSql;
        if (sql != null) {
          ran(sql);
        }
      }
      return result;
    }

    private <T> T wrap(Class<T> type, T statement, String sql) {
      return type.cast(
          Proxy.newProxyInstance(
              type.getClassLoader(), new Class<?>[] {type}, new Watch(statement, sql)));
    }
  }
}
