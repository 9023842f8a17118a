package dev.blobkeep.examples;

import com.sun.net.httpserver.HttpServer;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.fetch.FetchOptions;
import dev.blobkeep.fetch.Fetcher;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;

/**
 * RethinkDB's avatar recipe ({@code r.http(url, result_format='binary')} into a user's record):
 * each user's avatar fetched by URL into bucket {@code avatars} under the user's id, listed without
 * content, and read back.
 *
 * <pre>examples/run Avatars [LOCATION [URL]]</pre>
 *
 * <p>Without a URL it serves a small PNG itself on 127.0.0.1 and fetches from there, which needs
 * {@code allowPrivate}: fetching from loopback and private addresses is refused by default.
 */
public final class Avatars {
  private Avatars() {}

  public static void main(String[] args) throws Exception {
    HttpServer local = null;
    URI url;
    FetchOptions options = FetchOptions.defaults().maxSize(5 << 20);
    if (args.length > 1) {
      url = URI.create(args[1]);
    } else {
      local = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      local.createContext(
          "/avatar.png",
          x -> {
            byte[] png = Drawings.png(42);
            x.getResponseHeaders().set("Content-Type", "image/png");
            x.sendResponseHeaders(200, png.length);
            try (OutputStream out = x.getResponseBody()) {
              out.write(png);
            }
          });
      local.start();
      url = URI.create("http://127.0.0.1:" + local.getAddress().getPort() + "/avatar.png");
      options = options.allowPrivate(true);
    }
    try (Scratch scratch = new Scratch();
        BlobStore store = BlobStore.open(scratch.store(args, "avatars"))) {
      Fetcher fetcher = new Fetcher(options);
      for (String user : new String[] {"user-1", "user-2"}) {
        fetcher.fetch(store, url, PutOptions.at("avatars", user).meta(Map.of("user_id", user)));
      }
      for (BlobInfo a :
          store
              .list(Query.bucket("avatars").fields("key", "size", "content_type", "final_url"))
              .items()) {
        System.out.println(
            a.key()
                + "  "
                + a.size()
                + " bytes  "
                + a.contentType()
                + "  from "
                + a.meta("final_url"));
      }
      byte[] avatar = store.getBytes(BlobRef.key("avatars", "user-1"));
      System.out.println(
          "user-1 avatar starts with PNG signature: "
              + (avatar[1] == 'P' && avatar[2] == 'N' && avatar[3] == 'G'));
    } finally {
      if (local != null) {
        local.stop(0);
      }
    }
  }
}
