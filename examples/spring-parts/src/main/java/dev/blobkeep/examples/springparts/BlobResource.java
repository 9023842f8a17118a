package dev.blobkeep.examples.springparts;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import java.io.InputStream;
import org.springframework.core.io.AbstractResource;

/**
 * A blob as a Spring {@link org.springframework.core.io.Resource}, so that Spring MVC serves it
 * with Range requests answered from the blob (its stream skips to an offset without reading what
 * lies before). Each {@link #getInputStream()} opens a new stream.
 */
final class BlobResource extends AbstractResource {
  private final BlobStore store;
  private final BlobInfo blob;

  BlobResource(BlobStore store, BlobInfo blob) {
    this.store = store;
    this.blob = blob;
  }

  @Override
  public InputStream getInputStream() {
    return store.openStream(blob.ref());
  }

  @Override
  public long contentLength() {
    return blob.size();
  }

  @Override
  public boolean exists() {
    return true;
  }

  @Override
  public String getDescription() {
    return "blob " + blob.id();
  }
}
