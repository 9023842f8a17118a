package dev.blobkeep.mariadb;

import dev.blobkeep.spi.PlainDataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A caller's data source (auto-commit off in the store's transactions) over real connections to one
 * database that, once, leaves a batch applied in part as a MariaDB Galera node left bulk {@code
 * UPDATE} batches, and bulk {@code INSERT} batches sent as several commands, that a brute-force
 * abort hit (GaleraBulkAbortProbe#updateBatches, #insertBatches): the first batch whose SQL
 * contains {@code marker} and has more than {@code from} rows runs, then the transaction is rolled
 * back (everything in it, as the abort does), then the batch's rows from {@code from} on run again,
 * through the same statement, in auto-commit mode, so that they stay committed whatever the store
 * does next; the batch then returns its counts as the driver did. Every statement runs on the real
 * database; only the rollback and the replay are the test's. Thread-safe.
 */
final class PartlyAppliedBatch extends PlainDataSource {
  private final String url;
  private final String marker;
  private final int from;
  private final AtomicInteger armed = new AtomicInteger(1);
  private final AtomicInteger acted = new AtomicInteger();
  private final AtomicInteger statements = new AtomicInteger();

  PartlyAppliedBatch(String url, String marker, int from) {
    this.url = url;
    this.marker = marker;
    this.from = from;
  }

  /** How many batches were left applied in part (0 or 1). */
  int acted() {
    return acted.get();
  }

  /**
   * How many single statements ran through a prepared statement whose SQL contains the marker: the
   * rows the store sent one by one instead of as a batch, which a brute-force abort cannot leave in
   * part.
   */
  int statements() {
    return statements.get();
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection real = DriverManager.getConnection(url);
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, m, args) -> {
              if (m.getName().equals("unwrap") && args[0] == Connection.class) {
                return proxy; // the store prepares its cached statements on the unwrapped one
              }
              Object result = call(m, real, args);
              if (result instanceof PreparedStatement ps
                  && m.getName().equals("prepareStatement")
                  && ((String) args[0]).contains(marker)) {
                return Proxy.newProxyInstance(
                    PreparedStatement.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class},
                    new Batch(real, ps));
              }
              return result;
            });
  }

  private static Object call(Method m, Object on, Object[] args) throws Throwable {
    try {
      return m.invoke(on, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** Records each row's parameters, to run the rows from {@code from} on again. */
  private final class Batch implements InvocationHandler {
    private final Connection connection;
    private final PreparedStatement real;
    private final List<List<Object[]>> rows = new ArrayList<>();
    private List<Object[]> row = new ArrayList<>();

    Batch(Connection connection, PreparedStatement real) {
      this.connection = connection;
      this.real = real;
    }

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
      String name = m.getName();
      if (name.startsWith("set") && args != null && args.length == 2) {
        row.add(new Object[] {m, args});
      } else if (name.equals("addBatch") && args == null) {
        rows.add(row);
        row = new ArrayList<>();
      } else if (name.equals("clearBatch") || name.equals("clearParameters")) {
        rows.clear();
        row = new ArrayList<>();
      }
      if (!name.equals("executeBatch")) {
        if (name.equals("executeUpdate") && args == null) {
          statements.incrementAndGet();
        }
        return call(m, real, args);
      }
      List<List<Object[]>> ran = new ArrayList<>(rows);
      rows.clear();
      Object counts = call(m, real, args);
      if (ran.size() <= from || !armed.compareAndSet(1, 0)) {
        return counts;
      }
      connection.rollback();
      connection.setAutoCommit(true);
      for (List<Object[]> r : ran.subList(from, ran.size())) {
        for (Object[] set : r) {
          call((Method) set[0], real, (Object[]) set[1]);
        }
        real.addBatch();
      }
      real.executeBatch();
      connection.setAutoCommit(false);
      acted.incrementAndGet();
      return counts;
    }
  }
}
