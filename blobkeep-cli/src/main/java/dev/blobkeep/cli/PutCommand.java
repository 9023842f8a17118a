package dev.blobkeep.cli;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.ContentTypes;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreException;
import dev.blobkeep.bytea.Bytea;
import dev.blobkeep.bytea.ByteaFormatException;
import java.io.IOException;
import java.io.InputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code put FILE|-}: stores a file or standard input as a new blob and prints its id. */
@Command(
    name = "put",
    mixinStandardHelpOptions = true,
    description = {
      "Stores a file or standard input as a new blob and prints its id.",
      "Reads standard input when FILE is '-'. A blob already under the same bucket and key is replaced atomically, unless --if-absent.",
      "With --format hex or escape, FILE is PostgreSQL bytea text, decoded as it streams in;"
          + " malformed text stores nothing and fails naming its position."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  blobkeep put report.pdf",
      "  blobkeep put cat.png --bucket photos --key 2024/cat.png --meta owner=ann",
      "  tar c dir | blobkeep put - --key backup.tar --type application/x-tar",
      "  psql -Atc 'select drawing from part_drawings where part_id = 1' \\",
      "      | blobkeep put - --format hex --key drawing-1.png"
    })
final class PutCommand extends StoreCommand {
  @Parameters(
      index = "0",
      paramLabel = "FILE|-",
      converter = Input.Converter.class,
      description = "The file to store, or '-' for standard input.")
  Input input;

  @Mixin Placement placement;

  @Option(
      names = "--type",
      paramLabel = "MIME",
      description =
          "Content type (default: guessed from the file name, then from its first bytes).")
  String type;

  @Option(
      names = "--format",
      paramLabel = "raw|hex|escape",
      description = {
        "raw (default): the bytes as they are; hex or escape: text exactly as PostgreSQL prints"
            + " a bytea (\\x0102..., or a\\000\\\\b), decoded before it is stored."
      })
  ByteFormat format = ByteFormat.RAW;

  @Option(
      names = "--if-absent",
      description = "Fail instead of replacing a blob under the same key (needs --key).")
  boolean ifAbsent;

  @Override
  void check() {
    if (ifAbsent && placement.key == null) {
      throw usageError("--if-absent needs --key");
    }
  }

  @Override
  void run(BlobStore store, Terminal terminal) throws IOException {
    PutOptions options = placement.options().contentType(contentType());
    if (ifAbsent) {
      options = options.ifAbsent();
    }
    long length = input.knownLength();
    BlobInfo info;
    try (Progress progress = Progress.start(terminal, "put " + input, length);
        InputStream in = decoded(progress.track(input.open(terminal)))) {
      info = store.put(in, options);
    } catch (StoreException e) {
      throw malformedText(e);
    }
    terminal.println(info.id());
  }

  /** The bytes {@code in} stands for under {@code --format}: itself, or bytea text decoded. */
  private InputStream decoded(InputStream in) {
    return format == ByteFormat.RAW ? in : Bytea.decoder(in);
  }

  /**
   * The failure to report for {@code e}: the codec's own message, naming position and text, if the
   * input was malformed bytea text, else {@code e} itself.
   */
  private RuntimeException malformedText(StoreException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ByteaFormatException malformed) {
        return new CommandException(input + ": " + malformed.getMessage() + "; nothing was stored");
      }
    }
    return e;
  }

  /**
   * {@code --type}, else the library's guess for the file ({@link ContentTypes#guess}: by name,
   * then by content), else null (the store's default). Bytea text says nothing of its content's
   * type through its name or bytes, so it is not guessed from; nor is standard input.
   */
  private String contentType() throws IOException {
    if (type != null || input.isStdin() || format != ByteFormat.RAW) {
      return type;
    }
    return ContentTypes.guess(input.path());
  }
}
