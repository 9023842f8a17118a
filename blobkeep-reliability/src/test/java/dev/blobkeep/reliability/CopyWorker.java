package dev.blobkeep.reliability;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.CopyListener;
import dev.blobkeep.CopyOptions;

/**
 * Copies one store into another in its own JVM, printing {@code COPIED id} after each blob, for a
 * test that kills it mid-copy. Usage: {@code CopyWorker SOURCE TARGET}.
 */
public final class CopyWorker {
  private CopyWorker() {}

  public static void main(String[] args) {
    try (BlobStore source = BlobStore.open(args[0], CopyKillTest.OPTIONS);
        BlobStore target = BlobStore.open(args[1], CopyKillTest.OPTIONS)) {
      source.copyTo(
          target,
          CopyOptions.defaults()
              .listener(
                  new CopyListener() {
                    @Override
                    public void copied(BlobInfo blob) {
                      System.out.println("COPIED " + blob.id());
                      System.out.flush();
                    }
                  }));
    }
  }
}
