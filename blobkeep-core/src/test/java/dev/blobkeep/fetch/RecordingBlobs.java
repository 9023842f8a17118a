package dev.blobkeep.fetch;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.Blobs;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Not a store: a {@link Blobs} whose only operation is {@code put(InputStream, PutOptions)}, which
 * reads the stream to the end and records what it got, or throws {@link StoreException} and records
 * nothing if reading fails (as the contract says). Shows exactly what {@link Fetcher#fetch} hands
 * to a store; {@link FetchStoreTest} does the same against a real one.
 */
final class RecordingBlobs {
  record Put(byte[] bytes, PutOptions options) {}

  final List<Put> puts = new ArrayList<>();
  final Blobs blobs =
      (Blobs)
          Proxy.newProxyInstance(
              Blobs.class.getClassLoader(),
              new Class<?>[] {Blobs.class},
              (proxy, method, args) -> {
                if (method.getName().equals("put")
                    && args.length == 2
                    && args[0] instanceof InputStream in) {
                  return put(in, (PutOptions) args[1]);
                }
                throw new UnsupportedOperationException(method.getName());
              });

  private BlobInfo put(InputStream in, PutOptions options) {
    byte[] bytes;
    try {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new StoreException("reading the content failed: " + e.getMessage(), e);
    }
    puts.add(new Put(bytes, options));
    Instant now = Instant.now();
    return new BlobInfo(
        "id-" + puts.size(),
        options.bucket(),
        options.key(),
        bytes.length,
        options.contentType(),
        null,
        now,
        now,
        options.meta());
  }
}
