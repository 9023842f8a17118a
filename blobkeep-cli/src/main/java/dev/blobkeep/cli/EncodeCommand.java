package dev.blobkeep.cli;

import java.io.IOException;
import java.io.InputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code encode [FILE|-]}: prints bytes as PostgreSQL prints a bytea. */
@Command(
    name = "encode",
    mixinStandardHelpOptions = true,
    description = {
      "Prints bytes as PostgreSQL prints a bytea.",
      "Reads FILE, or standard input when FILE is '-' or absent, and writes its hex or escape"
          + " text to standard output, exactly as the server would, with no line end added."
          + " Needs no store."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  blobkeep encode logo.png",
      "  printf 'a\\0b' | blobkeep encode --format escape    # prints a\\000b",
      "  blobkeep encode key.bin | blobkeep decode > copy.bin"
    })
final class EncodeCommand extends Subcommand {
  @Override
  boolean usesStore() {
    return false;
  }

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE|-",
      converter = Input.Converter.class,
      defaultValue = Input.STDIN,
      description = "The bytes to encode (default: '-', standard input).")
  Input input;

  @Option(
      names = "--format",
      paramLabel = "hex|escape",
      description = "hex (default): \\x and two digits a byte; escape: printable ASCII as is.")
  ByteFormat format = ByteFormat.HEX;

  @Override
  void check() {
    if (format == ByteFormat.RAW) {
      throw usageError("--format must be hex or escape, got raw");
    }
  }

  @Override
  void run(Terminal terminal) throws IOException {
    try (InputStream in = input.open(terminal);
        Progress progress = Progress.start(terminal, "encode " + input, input.knownLength())) {
      format.write(terminal.out(), out -> progress.track(in).transferTo(out));
    }
  }
}
