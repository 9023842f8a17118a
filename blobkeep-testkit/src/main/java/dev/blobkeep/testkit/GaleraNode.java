package dev.blobkeep.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One node of a {@link GaleraCluster}: its directory ({@code my.cnf}, {@code data/}, socket and pid
 * file), its log beside the directory, and the commands that install, recover and start it.
 * Immutable.
 *
 * @param n the node's number, 1 to {@link GaleraCluster#NODES}
 * @param home the node's directory
 * @param log the node's log (mariadbd and its state transfer scripts)
 * @param sqlPort the node's SQL port
 * @param galeraBase the cluster's Galera port base (see {@link GaleraCluster#start(int, int)})
 */
record GaleraNode(int n, Path home, Path log, int sqlPort, int galeraBase) {
  static final Path MARIADBD = Path.of("/usr/sbin/mariadbd");
  static final Path PROVIDER = Path.of("/usr/lib/galera/libgalera_smm.so");

  private static final Pattern RECOVERED =
      Pattern.compile("WSREP: Recovered position: ([0-9a-f-]{36}:-?[0-9]+)");

  /** Writes the node's {@code my.cnf} into a new {@code home}. */
  void writeConfig() throws IOException {
    Files.createDirectories(home.resolve("data"));
    Files.writeString(home.resolve("my.cnf"), myCnf(), StandardCharsets.UTF_8);
  }

  /** One node's configuration: small buffers, row-based replication, state transfer by rsync. */
  private String myCnf() {
    StringBuilder gcomm = new StringBuilder();
    for (int i = 1; i <= GaleraCluster.NODES; i++) {
      gcomm.append(i > 1 ? "," : "").append("127.0.0.1:").append(galeraBase + i);
    }
    return String.join(
        "\n",
        "[mariadbd]",
        asRoot() ? "user=mysql" : "",
        "datadir=" + home.resolve("data"),
        "socket=" + home.resolve("mysqld.sock"),
        "pid-file=" + home.resolve("mysqld.pid"),
        "bind-address=127.0.0.1",
        "port=" + sqlPort,
        "skip-name-resolve",
        "innodb_buffer_pool_size=64M",
        "innodb_log_file_size=48M",
        "max_allowed_packet=64M",
        "binlog_format=ROW",
        "default_storage_engine=InnoDB",
        "innodb_autoinc_lock_mode=2",
        "wsrep_on=ON",
        "wsrep_provider=" + PROVIDER,
        "wsrep_cluster_name=blobkeep-test",
        "wsrep_cluster_address=gcomm://" + gcomm,
        "wsrep_node_name=n" + n,
        "wsrep_node_address=127.0.0.1:" + (galeraBase + n),
        "wsrep_provider_options=\"gmcast.listen_addr=tcp://127.0.0.1:"
            + (galeraBase + n)
            + ";ist.recv_addr=127.0.0.1:"
            + (galeraBase + 10 + n)
            + ";gcache.size=64M"
            // Send windows and packets large enough that the writers' fragments do not fill the
            // group layer's output queue (128 messages, fixed): with the defaults (4 and 2
            // messages of 64500 bytes) a node killed mid-upload left the queue full when the
            // survivors formed their new component, the state exchange's first message got
            // EAGAIN, and Galera 26.4 waited for a next membership change that never came
            // ("Temporary failure in sending state UUID"): 5 wedges in 9 loaded kill rounds, none
            // in 23 with these values.
            + ";evs.send_window=512;evs.user_send_window=512;gcs.max_packet_size=1048576"
            + ";cert.log_conflicts=YES"
            + "\"",
        // Brute-force aborts (a replicated write aborting a local transaction) and certification
        // failures (cert.log_conflicts) are logged with the statements and keys involved.
        "wsrep_log_conflicts=ON",
        "wsrep_sst_method=rsync",
        "wsrep_sst_receive_address=127.0.0.1:" + (galeraBase + 20 + n),
        "");
  }

  /** Creates the node's system tables; root gets an empty password. */
  void install() throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("/usr/bin/mariadb-install-db");
    cmd.add("--defaults-file=" + home.resolve("my.cnf"));
    cmd.add("--auth-root-authentication-method=normal");
    cmd.add("--skip-test-db");
    if (asRoot()) {
      cmd.add("--user=mysql");
    }
    run(120, cmd.toArray(String[]::new));
  }

  /**
   * The position ({@code uuid:seqno}) the node's InnoDB committed up to, found by {@code mariadbd
   * --wsrep-recover} as Debian's {@code galera_recovery} does before a start: a node killed with
   * SIGKILL left {@code seqno: -1} in {@code grastate.dat}, and without its recovered position it
   * would take a whole snapshot instead of the writes it missed.
   */
  String recoverPosition() throws IOException, InterruptedException {
    Path recoverLog = home.resolve("recover.log");
    // mariadbd appends to its log: an earlier recovery's position would be found first, and the
    // node would start from it (every rejoin then a whole snapshot, once the gcache moved on).
    Files.deleteIfExists(recoverLog);
    String out =
        run(
            120,
            MARIADBD.toString(),
            "--defaults-file=" + home.resolve("my.cnf"),
            "--wsrep-recover",
            "--log-error=" + recoverLog);
    String text = Files.readString(recoverLog);
    Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    Matcher m = RECOVERED.matcher(text + out);
    if (!m.find()) {
      throw new AssertionError(
          "n" + n + ": mariadbd --wsrep-recover printed no position:\n" + text);
    }
    return m.group(1);
  }

  /**
   * Starts the node's mariadbd, its output appended to the log.
   *
   * @param newCluster bootstrap a new cluster ({@code --wsrep-new-cluster})
   * @param position the recovered position to start from, or null
   */
  Process start(boolean newCluster, String position) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(MARIADBD.toString());
    cmd.add("--defaults-file=" + home.resolve("my.cnf"));
    if (newCluster) {
      cmd.add("--wsrep-new-cluster");
    }
    if (position != null) {
      cmd.add("--wsrep-start-position=" + position);
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return pb.start();
  }

  static boolean asRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /**
   * @throws IllegalStateException naming the port and its use if something listens on it
   */
  static void requireFree(int port, String what) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
    } catch (IOException e) {
      throw new IllegalStateException(
          "port " + port + " (" + what + ") is taken on 127.0.0.1: " + e.getMessage());
    }
  }

  /**
   * Runs a command and returns its output (stdout and stderr).
   *
   * @throws IOException if it exits with another status than 0 (with its output), or takes more
   *     than {@code seconds}
   */
  static String run(long seconds, String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[][] out = new byte[1][];
    Thread reader =
        new Thread(
            () -> {
              try {
                out[0] = p.getInputStream().readAllBytes();
              } catch (IOException e) {
                out[0] = new byte[0];
              }
            });
    reader.start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      reader.join(5000);
      throw new IOException(cmd[0] + " took more than " + seconds + " s");
    }
    reader.join(5000);
    String text = out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException(cmd[0] + " exited with " + p.exitValue() + ": " + text.strip());
    }
    return text;
  }
}
