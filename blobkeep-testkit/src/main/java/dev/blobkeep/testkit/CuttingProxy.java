package dev.blobkeep.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a loopback port in front of a database server on 127.0.0.1 that, once {@link
 * #arm() armed}, forwards the first client packet containing a trigger text (the SQL of a statement
 * the client sends as text) to the server, waits for the server's answer (an auto-commit statement
 * has committed), and then cuts that connection instead of forwarding the answer: a connection lost
 * after the commit. Other connections and packets pass unchanged. Thread-safe.
 */
public final class CuttingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int upstreamPort;
  private final String trigger;
  private final AtomicBoolean armed = new AtomicBoolean();
  private final AtomicInteger cuts = new AtomicInteger();
  private final List<Socket> sockets = new ArrayList<>();
  private final ExecutorService pool =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
          });

  /**
   * Listens on a free loopback port.
   *
   * @param upstreamPort the server's port on 127.0.0.1
   * @param trigger text of the client packet whose answer is cut (read as ISO-8859-1)
   */
  public CuttingProxy(int upstreamPort, String trigger) throws IOException {
    this.upstreamPort = upstreamPort;
    this.trigger = trigger;
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    pool.submit(this::acceptLoop);
  }

  /** The port clients connect to. */
  public int port() {
    return server.getLocalPort();
  }

  /** Cuts the answer to the next packet containing the trigger text (once). */
  public void arm() {
    armed.set(true);
  }

  /** How many connections were cut after their server answered. */
  public int cuts() {
    return cuts.get();
  }

  private Void acceptLoop() throws Exception {
    while (!server.isClosed()) {
      Socket client = server.accept();
      Socket up = new Socket("127.0.0.1", upstreamPort);
      synchronized (sockets) {
        sockets.add(client);
        sockets.add(up);
      }
      AtomicBoolean cutNext = new AtomicBoolean();
      pool.submit(() -> pump(client, up, true, cutNext));
      pool.submit(() -> pump(up, client, false, cutNext));
    }
    return null;
  }

  private Void pump(Socket from, Socket to, boolean clientToServer, AtomicBoolean cutNext) {
    byte[] buf = new byte[65536];
    try (InputStream in = from.getInputStream()) {
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buf)) > 0) {
        if (clientToServer) {
          String s = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
          if (s.contains(trigger) && armed.compareAndSet(true, false)) {
            cutNext.set(true);
          }
        } else if (cutNext.get()) {
          Thread.sleep(200); // the server answered: the statement committed
          cuts.incrementAndGet();
          from.close();
          to.close();
          return null;
        }
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (Exception e) {
      // closed
    }
    try {
      from.close();
      to.close();
    } catch (IOException ignored) {
      // already closed
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    server.close();
    synchronized (sockets) {
      for (Socket s : sockets) {
        s.close();
      }
    }
    pool.shutdownNow();
  }
}
