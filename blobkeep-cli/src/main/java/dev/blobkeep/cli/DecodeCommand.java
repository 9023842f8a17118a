package dev.blobkeep.cli;

import dev.blobkeep.bytea.Bytea;
import dev.blobkeep.bytea.ByteaFormatException;
import java.io.IOException;
import java.io.InputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code decode [FILE|-]}: turns bytea text, in either format, back into bytes. */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    description = {
      "Turns bytea text back into bytes.",
      "Reads hex or escape text from FILE, or standard input when FILE is '-' or absent, and"
          + " writes the bytes it stands for to standard output. Accepts exactly what PostgreSQL"
          + " accepts: in escape text every character counts, a final newline too. Malformed text"
          + " fails with its position; bytes before it may already have been written. Needs no"
          + " store."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  printf '\\\\x48690a' | blobkeep decode", "  blobkeep decode dump.txt > data.bin"})
final class DecodeCommand extends Subcommand {
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
      description = "The text to decode (default: '-', standard input).")
  Input input;

  @Override
  void run(Terminal terminal) throws IOException {
    try (Progress progress = Progress.start(terminal, "decode " + input, input.knownLength());
        InputStream decoded = Bytea.decoder(progress.track(input.open(terminal)))) {
      decoded.transferTo(terminal.out());
    } catch (IOException e) {
      if (e.getCause() instanceof ByteaFormatException malformed) {
        throw new CommandException(input + ": " + malformed.getMessage());
      }
      throw e;
    }
  }
}
