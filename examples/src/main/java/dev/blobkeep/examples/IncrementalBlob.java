package dev.blobkeep.examples;

import dev.blobkeep.BlobChannel;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.OpenMode;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Whence;
import java.nio.charset.StandardCharsets;

/**
 * APSW's incremental blob I/O example: preallocate a zero-filled blob ({@code zeroblob}), write it
 * in pieces through a channel, read it back, seek and tell, then reopen the same channel onto
 * another blob.
 *
 * <pre>examples/run IncrementalBlob [LOCATION]</pre>
 */
public final class IncrementalBlob {
  private IncrementalBlob() {}

  public static void main(String[] args) throws Exception {
    try (Scratch scratch = new Scratch();
        BlobStore store = BlobStore.open(scratch.store(args, "incremental"))) {
      BlobInfo first = store.allocate(20, PutOptions.at("apsw", "first"));
      BlobInfo second = store.allocate(10, PutOptions.at("apsw", "second"));

      try (BlobChannel blob = store.open(first.ref(), OpenMode.READ_WRITE)) {
        blob.write(ascii("hello "));
        blob.write(ascii("world"));
        System.out.println("tell after writes: " + blob.tell());
        blob.seek(0, Whence.START);
        System.out.println("read: " + text(blob.read(11)));
        blob.seek(-9, Whence.END);
        System.out.println("tail is zeros: " + java.util.Arrays.toString(blob.read(9)));
        try {
          blob.write(ascii("too long"));
        } catch (dev.blobkeep.InvalidArgumentException e) {
          System.out.println("refused: " + e.getMessage());
        }

        blob.reopen(second.ref());
        blob.write(ascii("0123456789"));
        blob.seek(5, Whence.START);
        byte[] into = new byte[5];
        blob.readInto(into, 0, 5);
        System.out.println("second, from 5: " + text(into) + ", length " + blob.size());
      }
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.US_ASCII);
  }
}
