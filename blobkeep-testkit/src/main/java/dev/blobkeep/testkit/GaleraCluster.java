package dev.blobkeep.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A 3-node MariaDB Galera cluster (Debian's {@code mariadb-server} 10.11 and Galera 4) on
 * 127.0.0.1, in a temporary directory: node {@code n} (1 to 3) serves SQL on {@code sqlBase + n}
 * and Galera's group communication, incremental and snapshot state transfer (rsync) on {@code
 * galeraBase + n}, {@code galeraBase + 10 + n} and {@code galeraBase + 20 + n}. User {@code root}
 * with an empty password over TCP. Each node has its own {@code my.cnf} and runs as the {@code
 * mysql} user when this JVM runs as root (an rsync daemon started by root would drop to {@code
 * nobody} and fail to write the joiner's data directory). Every wait is bounded and fails with the
 * node's name and the tail of its log; {@link #close()} stops the nodes by PID and deletes the
 * directory. Not thread-safe.
 */
public final class GaleraCluster implements AutoCloseable {
  /** The number of nodes. */
  public static final int NODES = 3;

  private static final long START_SECONDS = 180;
  private static final String URL_OPTIONS = "?user=root&connectTimeout=5000&socketTimeout=120000";

  private final Path dir;
  private final int sqlBase;
  private final int galeraBase;
  private final Map<Integer, Process> processes = new ConcurrentHashMap<>();

  /** Stops the nodes if the JVM exits without {@link #close()} (a test killed by a timeout). */
  private final Thread onExit = new Thread(this::stopNodes, "galera cluster shutdown");

  private GaleraCluster(Path dir, int sqlBase, int galeraBase) {
    this.dir = dir;
    this.sqlBase = sqlBase;
    this.galeraBase = galeraBase;
    Runtime.getRuntime().addShutdownHook(onExit);
  }

  /** Null if MariaDB, Galera 4 and rsync are installed, else what is missing. */
  public static String unavailable() {
    for (Path p :
        List.of(
            GaleraNode.MARIADBD,
            GaleraNode.PROVIDER,
            Path.of("/usr/bin/mariadb-install-db"),
            Path.of("/usr/bin/mariadb"),
            Path.of("/usr/bin/wsrep_sst_rsync"),
            Path.of("/usr/bin/rsync"))) {
      if (!Files.exists(p)) {
        return p + " is missing (apt-get install mariadb-server galera-4 rsync)";
      }
    }
    return null;
  }

  /** Starts the cluster on SQL ports 3311-3313 and Galera ports 4571-4573, 4581-4583, 4591-4593. */
  public static GaleraCluster start() throws Exception {
    return start(3310, 4570);
  }

  /**
   * Bootstraps node 1 ({@code --wsrep-new-cluster}), then joins nodes 2 and 3 one at a time (each
   * by a snapshot transfer from a synced node), and returns once all three are synced in one
   * cluster of three.
   *
   * @param sqlBase node {@code n} serves SQL on {@code sqlBase + n}
   * @param galeraBase node {@code n} uses {@code galeraBase + n}, {@code + 10 + n}, {@code + 20 +
   *     n}
   * @throws IllegalStateException if a port is taken
   * @throws AssertionError if a node does not start or sync in time
   */
  public static GaleraCluster start(int sqlBase, int galeraBase) throws Exception {
    for (int n = 1; n <= NODES; n++) {
      GaleraNode.requireFree(sqlBase + n, "SQL of n" + n);
      GaleraNode.requireFree(galeraBase + n, "group communication of n" + n);
      GaleraNode.requireFree(galeraBase + 10 + n, "incremental state transfer of n" + n);
      GaleraNode.requireFree(galeraBase + 20 + n, "snapshot state transfer of n" + n);
    }
    Path dir = Files.createTempDirectory("blobkeep-galera");
    GaleraCluster cluster = new GaleraCluster(dir, sqlBase, galeraBase);
    try {
      for (int n = 1; n <= NODES; n++) {
        cluster.node(n).writeConfig();
      }
      if (GaleraNode.asRoot()) {
        GaleraNode.run(30, "chown", "-R", "mysql:mysql", dir.toString());
      }
      for (int n = 1; n <= NODES; n++) {
        cluster.node(n).install();
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
      for (int n = 1; n <= NODES; n++) {
        cluster.processes.put(n, cluster.node(n).start(n == 1, null));
        cluster.awaitSynced(n, n, deadline);
      }
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** The SQL port of node {@code n}. */
  public int port(int n) {
    return sqlBase + check(n);
  }

  /**
   * A MariaDB Connector/J URL for node {@code n} and {@code database}, as root. A connection
   * attempt gives up after 5 s and a statement after 120 s, so a test never hangs on a stuck node.
   */
  public String jdbcUrl(int n, String database) {
    return "jdbc:mariadb://127.0.0.1:" + port(n) + "/" + database + URL_OPTIONS;
  }

  /**
   * A URL listing {@code nodes} in that order ({@code sequential}): the driver connects to the
   * first one that answers, so a new connection skips a dead node.
   */
  public String sequentialUrl(String database, int... nodes) {
    StringBuilder url = new StringBuilder("jdbc:mariadb:sequential://");
    for (int i = 0; i < nodes.length; i++) {
      url.append(i > 0 ? "," : "").append("127.0.0.1:").append(port(nodes[i]));
    }
    return url.append('/').append(database).append(URL_OPTIONS).toString();
  }

  /** The operating system's process id of node {@code n}'s mariadbd, or -1 if it is not running. */
  public long pid(int n) {
    Process p = processes.get(check(n));
    return p != null && p.isAlive() ? p.pid() : -1;
  }

  /**
   * Crashes node {@code n}: SIGKILL to its mariadbd and to every process under it (a state
   * transfer's scripts and rsync), then waits for them to end.
   */
  public void kill(int n) throws InterruptedException {
    Process p = processes.get(check(n));
    if (p == null || !p.isAlive()) {
      throw new IllegalStateException("n" + n + " is not running");
    }
    List<ProcessHandle> tree = p.descendants().toList();
    p.destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("n" + n + " (pid " + p.pid() + ") still runs 30 s after SIGKILL");
    }
  }

  /**
   * Starts a stopped or killed node again and waits until it rejoined (an incremental transfer from
   * the others' gcache, else a snapshot) and every node is synced in a cluster of three.
   *
   * @throws AssertionError after {@code seconds}, with the node's log tail
   */
  public void restart(int n, long seconds) throws Exception {
    Process p = processes.get(check(n));
    if (p != null && p.isAlive()) {
      throw new IllegalStateException("n" + n + " is still running (pid " + p.pid() + ")");
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    processes.put(n, node(n).start(false, node(n).recoverPosition()));
    awaitSynced(NODES, NODES, deadline);
  }

  /** Restarts every node that is not running (see {@link #restart}); does nothing if all run. */
  public void restartStopped(long seconds) throws Exception {
    for (int n = 1; n <= NODES; n++) {
      if (pid(n) == -1) {
        restart(n, seconds);
      }
    }
  }

  /**
   * Waits until node {@code n} reports a cluster of {@code size} (after a kill, once the others
   * have evicted the dead node: about 5 s with Galera's default {@code evs.suspect_timeout}).
   *
   * @throws AssertionError after {@code seconds}, with the node's log tail
   */
  public void awaitClusterSize(int n, int size, long seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    String last = null;
    while (System.nanoTime() < deadline) {
      last = status(n).get("wsrep_cluster_size");
      if (String.valueOf(size).equals(last)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "n"
            + n
            + " did not report a cluster of "
            + size
            + " in "
            + seconds
            + " s (last: "
            + last
            + "); its log ends:\n"
            + logTail(n, 40));
  }

  /**
   * Node {@code n}'s Galera status: {@code wsrep_cluster_size}, {@code wsrep_local_state_comment},
   * {@code wsrep_ready} and the other {@code wsrep_%} variables.
   */
  public Map<String, String> status(int n) throws Exception {
    Map<String, String> status = new HashMap<>();
    for (String line : sql(n, "SHOW GLOBAL STATUS LIKE 'wsrep\\_%'").split("\n")) {
      int tab = line.indexOf('\t');
      if (tab > 0) {
        status.put(line.substring(0, tab), line.substring(tab + 1));
      }
    }
    return status;
  }

  /**
   * Runs {@code statements} on node {@code n} with the {@code mariadb} client and returns what it
   * printed: one line per row, columns separated by tabs, no header.
   *
   * @throws IOException if the client fails (with its output), or takes more than 60 s
   */
  public String sql(int n, String statements) throws IOException, InterruptedException {
    return GaleraNode.run(
        60,
        "/usr/bin/mariadb",
        "--no-defaults",
        "--protocol=TCP",
        "--host=127.0.0.1",
        "--port=" + port(n),
        "--user=root",
        "--connect-timeout=5",
        "--batch",
        "--skip-column-names",
        "--raw",
        "--execute=" + statements);
  }

  /**
   * How node {@code n} last joined: {@code "IST"} (the writes it missed, from another node's
   * gcache), {@code "SST"} (a whole copy of a donor's data directory), or null if its log shows
   * neither.
   */
  public String lastStateTransfer(int n) {
    String log = logTail(n, Integer.MAX_VALUE);
    int ist = log.lastIndexOf("rsync IST completed on joiner");
    int sst = log.lastIndexOf("rsync SST completed on joiner");
    return ist < 0 && sst < 0 ? null : ist > sst ? "IST" : "SST";
  }

  /** The last {@code lines} lines of node {@code n}'s log (mariadbd and state transfers). */
  public String logTail(int n, int lines) {
    try {
      // Leniently: a conflict the server logs quotes its statement's binary parameters.
      List<String> all =
          new String(Files.readAllBytes(log(check(n))), StandardCharsets.UTF_8).lines().toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /**
   * Copies every node's log into {@code into} (created if missing) as {@code n1.log} to {@code
   * n3.log}, so that a failed run can be read after {@link #close} deleted the cluster.
   */
  public void saveLogs(Path into) throws IOException {
    Files.createDirectories(into);
    for (int n = 1; n <= NODES; n++) {
      if (Files.exists(log(n))) {
        Files.copy(log(n), into.resolve("n" + n + ".log"), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /**
   * Stops every node by PID (SIGTERM, SIGKILL after 30 s) and deletes the directory. Idempotent.
   */
  @Override
  public void close() {
    stopNodes();
    try {
      Runtime.getRuntime().removeShutdownHook(onExit);
    } catch (IllegalStateException e) {
      // the JVM is exiting: the hook runs or ran
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind
    }
  }

  private synchronized void stopNodes() {
    List<ProcessHandle> tree = new ArrayList<>();
    for (Process p : processes.values()) {
      tree.addAll(p.descendants().toList());
      p.destroy();
    }
    for (Process p : processes.values()) {
      try {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          p.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    tree.forEach(ProcessHandle::destroyForcibly);
    processes.clear();
  }

  /** Waits until nodes 1..{@code upTo} report Synced in a cluster of {@code size}. */
  private void awaitSynced(int upTo, int size, long deadline) throws Exception {
    String last = "";
    int waiting = 1;
    while (System.nanoTime() < deadline) {
      boolean all = true;
      for (int n = 1; n <= upTo; n++) {
        Process p = processes.get(n);
        if (p == null || !p.isAlive()) {
          throw new AssertionError("n" + n + " is not running; its log ends:\n" + logTail(n, 40));
        }
        Map<String, String> s;
        try {
          s = status(n);
        } catch (IOException e) {
          s = Map.of(); // still starting or receiving a snapshot
        }
        last =
            "cluster size "
                + s.get("wsrep_cluster_size")
                + ", state "
                + s.get("wsrep_local_state_comment");
        if (!String.valueOf(size).equals(s.get("wsrep_cluster_size"))
            || !"Synced".equals(s.get("wsrep_local_state_comment"))
            || !"ON".equals(s.get("wsrep_ready"))) {
          all = false;
          waiting = n;
          break;
        }
      }
      if (all) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "n"
            + waiting
            + " not synced in a cluster of "
            + size
            + " in time (last: "
            + last
            + "); its log ends:\n"
            + logTail(waiting, 40));
  }

  private Path log(int n) {
    return dir.resolve("n" + n + ".log");
  }

  private GaleraNode node(int n) {
    return new GaleraNode(n, dir.resolve("n" + n), log(n), port(n), galeraBase);
  }

  private static int check(int n) {
    if (n < 1 || n > NODES) {
      throw new IllegalArgumentException("node must be 1 to " + NODES + ", got " + n);
    }
    return n;
  }
}
