package dev.blobkeep.cli;

import dev.blobkeep.BlobStore;
import dev.blobkeep.fetch.FetchException;
import dev.blobkeep.fetch.FetchOptions;
import dev.blobkeep.fetch.Fetcher;
import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code fetch URL}: stores an HTTP(S) response body as a new blob and prints its id. A URL the
 * library refuses as such ({@link FetchException.Kind#BAD_URL}: scheme, host, credentials) is a
 * usage error (exit 2), found before the store is opened; every other fetch failure exits 1.
 */
@Command(
    name = "fetch",
    mixinStandardHelpOptions = true,
    description = {
      "Stores an HTTP(S) response body as a new blob and prints its id.",
      "The content type comes from the response, else is sniffed from the first bytes. User"
          + " fields source_url, final_url and http_status are added. Private, loopback and"
          + " link-local addresses are refused unless --allow-private. Nothing is stored if"
          + " the fetch fails."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  blobkeep fetch https://example.com/logo.png --bucket web --key logo.png",
      "  blobkeep fetch http://10.0.0.5/report.pdf --allow-private --max-size 50M"
    })
final class FetchCommand extends StoreCommand {
  @Parameters(
      index = "0",
      paramLabel = "URL",
      converter = UrlConverter.class,
      description = "An http or https URL.")
  URI url;

  @Mixin Placement placement;

  @Option(
      names = "--max-size",
      paramLabel = "SIZE",
      converter = Sizes.class,
      description = "Refuse bodies larger than this (default: 1G).")
  long maxSize = FetchOptions.defaults().maxSize();

  @Option(
      names = "--allow-private",
      description = "Allow hosts with private, loopback or link-local addresses.")
  boolean allowPrivate;

  @Override
  void check() {
    try {
      Fetcher.checkUrl(url);
    } catch (FetchException e) {
      if (e.kind() == FetchException.Kind.BAD_URL) {
        throw usageError(e.getMessage());
      }
      throw e;
    }
  }

  @Override
  void run(BlobStore store, Terminal terminal) {
    Fetcher fetcher =
        new Fetcher(FetchOptions.defaults().maxSize(maxSize).allowPrivate(allowPrivate));
    terminal.println(fetcher.fetch(store, url, placement.options()).id());
  }

  /** Parses a URL; text that is not a URI is a usage error naming it. */
  static final class UrlConverter implements ITypeConverter<URI> {
    @Override
    public URI convert(String text) {
      try {
        return new URI(text);
      } catch (URISyntaxException e) {
        throw new TypeConversionException("'" + text + "' is not a URL: " + e.getReason());
      }
    }
  }
}
