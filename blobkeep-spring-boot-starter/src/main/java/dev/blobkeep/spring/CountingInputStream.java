package dev.blobkeep.spring;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A blob's content stream that reports the bytes read through it to an observer. */
final class CountingInputStream extends FilterInputStream {
  private final BlobStoreObserver observer;

  CountingInputStream(InputStream in, BlobStoreObserver observer) {
    super(in);
    this.observer = observer;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      observer.bytesRead(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      observer.bytesRead(n);
    }
    return n;
  }
}
