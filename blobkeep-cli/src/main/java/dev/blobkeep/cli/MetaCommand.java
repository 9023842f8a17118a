package dev.blobkeep.cli;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/** {@code meta REF NAME=VALUE...}: sets and removes user fields without touching content. */
@Command(
    name = "meta",
    mixinStandardHelpOptions = true,
    description = {
      "Sets and removes user fields without touching the content.",
      "Values are strings. All changes apply together."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  blobkeep meta photos/2024/cat.png owner=ann reviewed=yes",
      "  blobkeep meta photos/2024/cat.png --unset reviewed"
    })
final class MetaCommand extends StoreCommand {
  @Parameters(
      index = "0",
      paramLabel = "REF",
      converter = Refs.class,
      description = "The blob: an id or BUCKET/KEY.")
  BlobRef ref;

  // Strings, converted in check(): picocli reports a positional it cannot convert as unmatched.
  @Parameters(
      index = "1..*",
      paramLabel = "NAME=VALUE",
      description = "User fields to add or replace.")
  List<String> set = new ArrayList<>();

  private final List<Field> fields = new ArrayList<>();

  @Option(names = "--unset", paramLabel = "NAME", description = "A user field to remove.")
  List<String> unset = new ArrayList<>();

  @Override
  void check() {
    Field.Converter converter = new Field.Converter();
    for (String text : set) {
      try {
        fields.add(converter.convert(text));
      } catch (TypeConversionException e) {
        throw usageError(e.getMessage());
      }
    }
    if (set.isEmpty() && unset.isEmpty()) {
      throw usageError("nothing to change: give NAME=VALUE or --unset NAME");
    }
  }

  @Override
  void run(BlobStore store, Terminal terminal) {
    store.updateMeta(ref, Field.toMap(fields), unset);
  }
}
