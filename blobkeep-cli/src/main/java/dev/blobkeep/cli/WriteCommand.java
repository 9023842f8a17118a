package dev.blobkeep.cli;

import dev.blobkeep.BlobChannel;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.Blobs;
import dev.blobkeep.OpenMode;
import dev.blobkeep.Whence;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code write REF --offset N [FILE|-]}: overwrites bytes in place, all or nothing. */
@Command(
    name = "write",
    mixinStandardHelpOptions = true,
    description = {
      "Overwrites bytes of a blob in place, starting at --offset.",
      "Reads FILE, or standard input when FILE is '-' or absent. The size never changes: data that would pass the end is refused and nothing is written."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  blobkeep write disks/vm1.img --offset 4K header.bin",
      "  printf 'v2' | blobkeep write config/app.bin --offset 0"
    })
final class WriteCommand extends StoreCommand {
  private static final int BUFFER_SIZE = 1 << 18;

  @Parameters(
      index = "0",
      paramLabel = "REF",
      converter = Refs.class,
      description = "The blob: an id or BUCKET/KEY.")
  BlobRef ref;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "FILE|-",
      converter = Input.Converter.class,
      defaultValue = Input.STDIN,
      description = "The bytes to write (default: '-', standard input).")
  Input input;

  @Option(
      names = "--offset",
      required = true,
      paramLabel = "N",
      converter = Sizes.class,
      description = "Where the first byte goes.")
  long offset;

  @Override
  void run(BlobStore store, Terminal terminal) throws IOException {
    long length = input.knownLength();
    try (InputStream in = input.open(terminal);
        Progress progress = Progress.start(terminal, "write " + input, length)) {
      // One transaction: data from a stream that turns out to pass the end writes nothing.
      store.<IOException>useTransaction(tx -> write(tx, progress.track(in), length));
    }
  }

  private void write(Blobs tx, InputStream in, long length) throws IOException {
    try (BlobChannel channel = tx.open(ref, OpenMode.READ_WRITE)) {
      long size = channel.size();
      if (offset > size || (length >= 0 && length > size - offset)) {
        throw new CommandException(
            passesTheEnd(channel, size, length < 0 ? "" : " + " + length + " bytes of " + input));
      }
      channel.seek(offset, Whence.START);
      byte[] buffer = new byte[BUFFER_SIZE];
      long written = 0;
      for (int n; (n = in.readNBytes(buffer, 0, buffer.length)) > 0; ) {
        if (n > size - offset - written) {
          throw new CommandException(
              passesTheEnd(
                  channel, size, " + more than " + (size - offset) + " bytes of " + input));
        }
        channel.write(ByteBuffer.wrap(buffer, 0, n));
        written += n;
      }
    }
  }

  private String passesTheEnd(BlobChannel channel, long size, String data) {
    return "offset "
        + offset
        + data
        + " passes the end of blob "
        + channel.blobId()
        + " (size "
        + size
        + "); nothing written";
  }
}
