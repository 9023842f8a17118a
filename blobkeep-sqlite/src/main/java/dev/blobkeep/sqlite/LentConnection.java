package dev.blobkeep.sqlite;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link OneConnection}'s connection as lent to one caller: every call goes to the physical
 * connection until the caller closes it, which returns it (releases {@code lent}) once instead of
 * closing it; after that every call but {@code close}, {@code isClosed} and {@code
 * unwrap(Connection.class)} fails, since the connection may be lent to the next caller by then.
 * {@code unwrap(Connection.class)} gives the physical connection (to evict it). A class of its own
 * rather than a JDK proxy: making a proxy class took 13% of the main thread's CPU in {@code ls} (a
 * profile's 386 of 2,942 samples). Statements are the physical connection's own, so the stepped
 * reads of {@link SteppedQuery} see sqlite-jdbc's statements.
 */
final class LentConnection implements Connection {
  private final Connection physical;
  private final Semaphore lent;
  private final AtomicBoolean returned = new AtomicBoolean();

  LentConnection(Connection physical, Semaphore lent) {
    this.physical = physical;
    this.lent = lent;
  }

  /** The physical connection, or a failure if this handle was returned already. */
  private Connection live(String method) throws SQLException {
    if (returned.get()) {
      throw new SQLException(method + " on a connection already returned to the store");
    }
    return physical;
  }

  @Override
  public void close() {
    if (returned.compareAndSet(false, true)) {
      lent.release();
    }
  }

  @Override
  public boolean isClosed() throws SQLException {
    return returned.get() || physical.isClosed();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface == Connection.class) {
      return iface.cast(physical); // statements are cached on the physical connection; evict
    }
    return live("unwrap").unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return live("isWrapperFor").isWrapperFor(iface);
  }

  @Override
  public String toString() {
    return "connection lent from " + physical;
  }

  @Override
  public Statement createStatement() throws SQLException {
    return live("createStatement").createStatement();
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    return live("prepareStatement").prepareStatement(sql);
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    return live("prepareCall").prepareCall(sql);
  }

  @Override
  public String nativeSQL(String sql) throws SQLException {
    return live("nativeSQL").nativeSQL(sql);
  }

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    live("setAutoCommit").setAutoCommit(autoCommit);
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    return live("getAutoCommit").getAutoCommit();
  }

  @Override
  public void commit() throws SQLException {
    live("commit").commit();
  }

  @Override
  public void rollback() throws SQLException {
    live("rollback").rollback();
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    return live("getMetaData").getMetaData();
  }

  @Override
  public void setReadOnly(boolean readOnly) throws SQLException {
    live("setReadOnly").setReadOnly(readOnly);
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    return live("isReadOnly").isReadOnly();
  }

  @Override
  public void setCatalog(String catalog) throws SQLException {
    live("setCatalog").setCatalog(catalog);
  }

  @Override
  public String getCatalog() throws SQLException {
    return live("getCatalog").getCatalog();
  }

  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    live("setTransactionIsolation").setTransactionIsolation(level);
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    return live("getTransactionIsolation").getTransactionIsolation();
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    return live("getWarnings").getWarnings();
  }

  @Override
  public void clearWarnings() throws SQLException {
    live("clearWarnings").clearWarnings();
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return live("createStatement").createStatement(resultSetType, resultSetConcurrency);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return live("prepareStatement").prepareStatement(sql, resultSetType, resultSetConcurrency);
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return live("prepareCall").prepareCall(sql, resultSetType, resultSetConcurrency);
  }

  @Override
  public Map<String, Class<?>> getTypeMap() throws SQLException {
    return live("getTypeMap").getTypeMap();
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
    live("setTypeMap").setTypeMap(map);
  }

  @Override
  public void setHoldability(int holdability) throws SQLException {
    live("setHoldability").setHoldability(holdability);
  }

  @Override
  public int getHoldability() throws SQLException {
    return live("getHoldability").getHoldability();
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    return live("setSavepoint").setSavepoint();
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    return live("setSavepoint").setSavepoint(name);
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    live("rollback").rollback(savepoint);
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    live("releaseSavepoint").releaseSavepoint(savepoint);
  }

  @Override
  public Statement createStatement(
      int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    return live("createStatement")
        .createStatement(resultSetType, resultSetConcurrency, resultSetHoldability);
  }

  @Override
  public PreparedStatement prepareStatement(
      String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    return live("prepareStatement")
        .prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
  }

  @Override
  public CallableStatement prepareCall(
      String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    return live("prepareCall")
        .prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    return live("prepareStatement").prepareStatement(sql, autoGeneratedKeys);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    return live("prepareStatement").prepareStatement(sql, columnIndexes);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    return live("prepareStatement").prepareStatement(sql, columnNames);
  }

  @Override
  public Clob createClob() throws SQLException {
    return live("createClob").createClob();
  }

  @Override
  public Blob createBlob() throws SQLException {
    return live("createBlob").createBlob();
  }

  @Override
  public NClob createNClob() throws SQLException {
    return live("createNClob").createNClob();
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    return live("createSQLXML").createSQLXML();
  }

  @Override
  public boolean isValid(int timeout) throws SQLException {
    return live("isValid").isValid(timeout);
  }

  @Override
  public void setClientInfo(String name, String value) throws SQLClientInfoException {
    liveForClientInfo().setClientInfo(name, value);
  }

  @Override
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
    liveForClientInfo().setClientInfo(properties);
  }

  /** As {@link #live}, with the exception {@code setClientInfo} may throw. */
  private Connection liveForClientInfo() throws SQLClientInfoException {
    if (returned.get()) {
      throw new SQLClientInfoException(
          "setClientInfo on a connection already returned to the store", null);
    }
    return physical;
  }

  @Override
  public String getClientInfo(String name) throws SQLException {
    return live("getClientInfo").getClientInfo(name);
  }

  @Override
  public Properties getClientInfo() throws SQLException {
    return live("getClientInfo").getClientInfo();
  }

  @Override
  public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    return live("createArrayOf").createArrayOf(typeName, elements);
  }

  @Override
  public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
    return live("createStruct").createStruct(typeName, attributes);
  }

  @Override
  public void setSchema(String schema) throws SQLException {
    live("setSchema").setSchema(schema);
  }

  @Override
  public String getSchema() throws SQLException {
    return live("getSchema").getSchema();
  }

  @Override
  public void abort(Executor executor) throws SQLException {
    live("abort").abort(executor);
  }

  @Override
  public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
    live("setNetworkTimeout").setNetworkTimeout(executor, milliseconds);
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    return live("getNetworkTimeout").getNetworkTimeout();
  }

  @Override
  public void beginRequest() throws SQLException {
    live("beginRequest").beginRequest();
  }

  @Override
  public void endRequest() throws SQLException {
    live("endRequest").endRequest();
  }

  @Override
  public boolean setShardingKeyIfValid(
      ShardingKey shardingKey, ShardingKey superShardingKey, int timeout) throws SQLException {
    return live("setShardingKeyIfValid")
        .setShardingKeyIfValid(shardingKey, superShardingKey, timeout);
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeout) throws SQLException {
    return live("setShardingKeyIfValid").setShardingKeyIfValid(shardingKey, timeout);
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey)
      throws SQLException {
    live("setShardingKey").setShardingKey(shardingKey, superShardingKey);
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey) throws SQLException {
    live("setShardingKey").setShardingKey(shardingKey);
  }
}
