package dev.blobkeep.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A 3-node PostgreSQL 15 cluster run by pg_auto_failover ({@code pg_autoctl}, Debian's {@code
 * postgresql-15-auto-failover}) in a temporary directory: a monitor on port {@code base} and nodes
 * {@code n1..n3} on {@code base + 1..3}, all on 127.0.0.1 with trust authentication, committing on
 * at least one standby. Every process runs as the {@code postgres} user (through {@code setpriv}
 * when this JVM runs as root). {@link #close()} stops them by PID, SIGKILLs what is left after 30 s
 * and removes the directory. Not thread-safe.
 */
public final class PgCluster implements AutoCloseable {
  private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
  private static final long START_SECONDS = 180;

  private final Path dir;
  private final int base;
  private final Map<String, Process> processes = new LinkedHashMap<>();

  private PgCluster(Path dir, int base) {
    this.dir = dir;
    this.base = base;
  }

  /** Null if {@code pg_autoctl} and PostgreSQL 15 are installed, else why not. */
  public static String unavailable() {
    if (!Files.isExecutable(Path.of("/usr/bin/pg_autoctl")) || !Files.isDirectory(BIN)) {
      return "pg_auto_failover is not installed (apt-get install postgresql-15-auto-failover)";
    }
    return null;
  }

  /**
   * Starts the monitor, then the nodes one at a time, and returns once one node is primary and two
   * are secondaries (about 50 s).
   *
   * @param base the monitor's port; the nodes take the next three
   */
  public static PgCluster start(int base) throws Exception {
    Path dir = Files.createTempDirectory("blobkeep-pgaf");
    run("chown", "postgres:postgres", dir.toString());
    PgCluster cluster = new PgCluster(dir, base);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
      cluster.spawn(
          "mon",
          "create",
          "monitor",
          "--pgdata",
          dir.resolve("mon").toString(),
          "--pgport",
          Integer.toString(base),
          "--hostname",
          "127.0.0.1",
          "--auth",
          "trust",
          "--no-ssl",
          "--run");
      // Not "show state" yet: run while the monitor creates its directories, it races with it.
      cluster.awaitLog(deadline, "mon", "LISTEN to its events");
      cluster.await(deadline, "the monitor", s -> s != null);
      for (int i = 1; i <= 3; i++) {
        String name = "n" + i;
        cluster.spawn(
            name,
            "create",
            "postgres",
            "--pgdata",
            dir.resolve(name).toString(),
            "--pgport",
            Integer.toString(base + i),
            "--hostname",
            "127.0.0.1",
            "--name",
            name,
            "--auth",
            "trust",
            "--no-ssl",
            "--monitor",
            "postgres://autoctl_node@127.0.0.1:" + base + "/pg_auto_failover",
            "--run");
        int nodes = i;
        cluster.await(
            deadline,
            nodes + " node(s) up",
            s ->
                s != null && count(s, "primary") == 1 && count(s, "secondary") == nodes - 1
                    || nodes == 1 && s != null && s.contains("single"));
      }
      cluster.awaitConnections(deadline);
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** A multi-host URL that follows the primary, for database {@code postgres}. */
  public String url() {
    return "jdbc:postgresql://127.0.0.1:"
        + (base + 1)
        + ",127.0.0.1:"
        + (base + 2)
        + ",127.0.0.1:"
        + (base + 3)
        + "/postgres?user=postgres&targetServerType=primary&connectTimeout=5&socketTimeout=60";
  }

  /** A URL for one node, whatever its role. */
  public String nodeUrl(String node) {
    return "jdbc:postgresql://127.0.0.1:"
        + (base + Integer.parseInt(node.substring(1)))
        + "/postgres?user=postgres&connectTimeout=5";
  }

  /** The name ({@code n1..n3}) of the node whose reported and assigned state are primary. */
  public String primary() throws Exception {
    for (String line : state().split("\n")) {
      String[] f = line.split("\\|");
      if (f.length >= 7 && f[5].trim().equals("primary") && f[6].trim().equals("primary")) {
        return f[0].trim();
      }
    }
    return null;
  }

  /** Sends SIGKILL to {@code node}'s postmaster (its pg_autoctl keeper lives on). */
  public void killPostmaster(String node) throws Exception {
    String pid = Files.readAllLines(dir.resolve(node).resolve("postmaster.pid")).get(0).trim();
    run("kill", "-KILL", pid);
  }

  /**
   * Crashes {@code node} as a machine would: SIGKILL to its pg_autoctl keeper and every process
   * under it (the postmaster and its backends), so nothing restarts it and the monitor promotes a
   * standby.
   */
  public void crashNode(String node) throws Exception {
    Process keeper = processes.get(node);
    List<ProcessHandle> tree = new ArrayList<>(keeper.descendants().toList());
    keeper.destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
    keeper.waitFor(30, TimeUnit.SECONDS);
    killLeftPostmaster(node);
  }

  /** Starts a crashed node's keeper again ({@code pg_autoctl run}); it rejoins as a standby. */
  public void restartNode(String node) throws IOException {
    spawn(node, "run", "--pgdata", dir.resolve(node).toString());
  }

  /**
   * Waits until one node is primary and the two others are secondaries again.
   *
   * @throws AssertionError after {@code seconds}, with the last state
   */
  public void awaitHealthy(long seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    await(
        deadline,
        "one primary and two secondaries",
        s -> s != null && count(s, "primary") == 1 && count(s, "secondary") == 2);
    awaitConnections(deadline);
  }

  /**
   * Waits until every node's server takes a connection: the monitor can report a node secondary
   * before its server does, and a client that finds no standby then (pgjdbc's {@code
   * preferSecondary}) settles on the primary.
   */
  private void awaitConnections(long deadline) throws Exception {
    for (String node : List.of("n1", "n2", "n3")) {
      while (true) {
        String why;
        try (Connection c = DriverManager.getConnection(nodeUrl(node))) {
          if (c.isValid(5)) {
            break;
          }
          why = "its connection is not valid";
        } catch (SQLException e) {
          why = e.getMessage();
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("node " + node + " takes no connection in time: " + why);
        }
        Thread.sleep(200);
      }
    }
  }

  /** The output of {@code pg_autoctl show state}, or null if the monitor does not answer. */
  public String state() throws Exception {
    Process p =
        new ProcessBuilder(command("show", "state", "--pgdata", dir.resolve("mon").toString()))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return null;
    }
    return p.exitValue() == 0 ? out : null;
  }

  /**
   * Stops the nodes and the monitor by PID (SIGTERM, SIGKILL after 30 s), removes the directory.
   */
  @Override
  public void close() {
    List<String> names = new ArrayList<>(processes.keySet());
    Collections.reverse(names);
    for (String name : names) {
      processes.get(name).destroy();
    }
    for (String name : names) {
      Process p = processes.get(name);
      try {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          p.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (String name : names) {
      killLeftPostmaster(name);
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temp directory left behind
    }
  }

  /** A postmaster whose keeper was SIGKILLed keeps running: stop it by its PID file. */
  private void killLeftPostmaster(String name) {
    Path pidFile = dir.resolve(name).resolve("postmaster.pid");
    try {
      if (Files.exists(pidFile)) {
        run("kill", "-KILL", Files.readAllLines(pidFile).get(0).trim());
      }
    } catch (Exception e) {
      // gone already
    }
  }

  private void spawn(String name, String... args) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command(args)).redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()));
    pb.environment().put("HOME", dir.toString());
    pb.environment().put("PATH", BIN + ":" + System.getenv("PATH"));
    pb.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
    pb.environment().put("XDG_DATA_HOME", dir.resolve("data").toString());
    processes.put(name, pb.start());
  }

  private List<String> command(String... args) {
    List<String> cmd = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      cmd.addAll(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"));
    }
    cmd.addAll(
        List.of(
            "env",
            "HOME=" + dir,
            "PATH=" + BIN + ":" + System.getenv("PATH"),
            "XDG_CONFIG_HOME=" + dir.resolve("config"),
            "XDG_DATA_HOME=" + dir.resolve("data"),
            "pg_autoctl"));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private interface StateCheck {
    boolean ok(String state);
  }

  private void await(long deadline, String what, StateCheck check) throws Exception {
    String last = null;
    while (System.nanoTime() < deadline) {
      for (Map.Entry<String, Process> e : processes.entrySet()) {
        if (!e.getValue().isAlive()) {
          throw new AssertionError(
              "pg_autoctl " + e.getKey() + " ended: " + Files.readString(log(e.getKey())));
        }
      }
      last = state();
      if (check.ok(last)) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("cluster not ready (" + what + ") in time; last state:\n" + last);
  }

  private void awaitLog(long deadline, String name, String text) throws Exception {
    while (System.nanoTime() < deadline) {
      String out = Files.exists(log(name)) ? Files.readString(log(name)) : "";
      if (out.contains(text)) {
        return;
      }
      if (!processes.get(name).isAlive()) {
        throw new AssertionError("pg_autoctl " + name + " ended: " + out);
      }
      Thread.sleep(200);
    }
    throw new AssertionError("pg_autoctl " + name + " did not log '" + text + "' in time");
  }

  private Path log(String name) {
    return dir.resolve(name + ".log");
  }

  /** Rows whose reported and assigned state are both {@code role}. */
  private static int count(String state, String role) {
    int n = 0;
    for (String line : state.split("\n")) {
      String[] f = line.split("\\|");
      if (f.length >= 7 && f[5].trim().equals(role) && f[6].trim().equals(role)) {
        n++;
      }
    }
    return n;
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
  }
}
