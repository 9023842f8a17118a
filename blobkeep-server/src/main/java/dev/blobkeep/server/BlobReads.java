package dev.blobkeep.server;

import dev.blobkeep.BlobExpiredException;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobNotFoundException;
import dev.blobkeep.BlobRef;
import dev.blobkeep.Blobs;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * GET and HEAD of one blob: validators, conditional answers (304, 412), one byte range (206, 416),
 * and the content streamed from the store one chunk at a time.
 */
final class BlobReads {
  private static final int ATTEMPTS = 3;

  private BlobReads() {}

  /**
   * Answers a GET or HEAD of {@code ref}. The grant was checked for the bucket already when {@code
   * ref} names one; {@code check} runs on the info found (for ids, whose bucket is known only
   * then).
   */
  static void serve(Exchange ex, Blobs store, BlobRef ref, Consumer<BlobInfo> check)
      throws IOException {
    for (int attempt = 1; ; attempt++) {
      BlobInfo info = store.info(ref);
      check.accept(info);
      try {
        serve(ex, store, info);
        return;
      } catch (BlobNotFoundException | IOException e) {
        // Replaced between the info and the first read (nothing sent yet): the key now names a
        // newer blob, so start again with its info.
        boolean gone =
            e instanceof BlobNotFoundException
                || Failures.libraryCause(e) instanceof BlobExpiredException;
        if (!gone || ref.isId() || attempt == ATTEMPTS || ex.isCommitted()) {
          throw e;
        }
        ex.resetResponse();
      }
    }
  }

  private static void serve(Exchange ex, Blobs store, BlobInfo info) throws IOException {
    String etag = EntityTags.of(info);
    switch (Preconditions.evaluate(ex, info)) {
      case FAILED ->
          throw new HttpError(412, "precondition failed: blob " + info.id() + " has ETag " + etag);
      case NOT_MODIFIED -> {
        validators(ex, info);
        ex.sendEmpty(304);
        return;
      }
      case PROCEED -> {}
    }
    long size = info.size();
    ByteRange.Result range =
        ex.isHead() || !Preconditions.ifRange(ex, info)
            ? new ByteRange.Ignore()
            : ByteRange.parse(ex.header("Range"), size);
    if (range instanceof ByteRange.Unsatisfiable) {
      throw new HttpError(
              416,
              "range '"
                  + ex.header("Range")
                  + "' is outside blob "
                  + info.id()
                  + " of "
                  + size
                  + " bytes")
          .header("Content-Range", "bytes */" + size);
    }
    validators(ex, info);
    ex.setHeader("Content-Type", info.contentType());
    ex.setHeader("X-Blobkeep-Id", info.id());
    // Stored content is the users', never the page's: no sniffing, no scripts if opened directly.
    ex.setHeader("X-Content-Type-Options", "nosniff");
    ex.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
    MetaHeaders.write(ex, info);
    if (range instanceof ByteRange.Satisfiable s) {
      ByteRange r = s.range();
      InputStream in = store.openStream(info.ref(), r.first(), r.length());
      ex.setStatus(206);
      ex.setHeader("Content-Range", r.contentRange(size));
      ex.setHeader("Content-Length", Long.toString(r.length()));
      copy(ex, in);
      return;
    }
    ex.setStatus(200);
    ex.setHeader("Content-Length", Long.toString(size));
    if (!ex.isHead()) {
      copy(ex, store.openStream(info.ref()));
    }
  }

  private static void validators(Exchange ex, BlobInfo info) {
    ex.setHeader("ETag", EntityTags.of(info));
    ex.setHeader("Last-Modified", HttpDates.format(Preconditions.lastModified(info)));
    ex.setHeader("Accept-Ranges", "bytes");
  }

  private static void copy(Exchange ex, InputStream in) throws IOException {
    try (in) {
      ex.copyToResponse(in);
    }
  }
}
