package dev.blobkeep.fetch;

import java.io.InputStream;
import java.net.URI;

/**
 * A checked, successful (2xx) response whose body has not been read yet, from {@link
 * Fetcher#open(URI)}. The stream enforces the size limit, read timeout and deadline: passing one
 * makes a read throw an {@link java.io.IOException} whose cause is a {@link FetchException}. Close
 * it to release the connection if the body is not read to the end. Not thread-safe.
 */
public final class FetchedBody implements AutoCloseable {
  private final URI sourceUri;
  private final URI finalUri;
  private final int status;
  private final String contentType;
  private final boolean sniffed;
  private final long contentLength;
  private final InputStream stream;

  FetchedBody(
      URI sourceUri,
      URI finalUri,
      int status,
      String contentType,
      boolean sniffed,
      long contentLength,
      InputStream stream) {
    this.sourceUri = sourceUri;
    this.finalUri = finalUri;
    this.status = status;
    this.contentType = contentType;
    this.sniffed = sniffed;
    this.contentLength = contentLength;
    this.stream = stream;
  }

  /** {@return the body from its first byte (including any bytes read to sniff its type)} */
  public InputStream stream() {
    return stream;
  }

  /**
   * {@return the response's {@code Content-Type} with its {@code type/subtype} lower-cased, or when
   * it is missing or malformed the type sniffed from the first bytes; never null}
   */
  public String contentType() {
    return contentType;
  }

  /** {@return true if {@link #contentType()} was sniffed rather than sent by the server} */
  public boolean contentTypeSniffed() {
    return sniffed;
  }

  /** {@return the URL asked for} */
  public URI sourceUri() {
    return sourceUri;
  }

  /** {@return the URL that answered, after redirects (without fragment)} */
  public URI finalUri() {
    return finalUri;
  }

  /** {@return the HTTP status of the final answer, 200 to 299} */
  public int status() {
    return status;
  }

  /** {@return the declared {@code Content-Length}, or -1 if none was sent} */
  public long contentLength() {
    return contentLength;
  }

  /** Closes the stream, cancelling the download if it is not complete. Idempotent. */
  @Override
  public void close() {
    try {
      stream.close();
    } catch (java.io.IOException e) {
      // Closing only cancels the download; nothing to report.
    }
  }
}
