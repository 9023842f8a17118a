package dev.blobkeep.cli;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.Page;
import dev.blobkeep.Query;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ls}: lists blobs, never their content, as a table or as JSON lines. */
@Command(
    name = "ls",
    mixinStandardHelpOptions = true,
    description = {
      "Lists blobs, never their content, as a table or as JSON lines.",
      // One element a line, under 80 columns: picocli would wrap after a '-' or ','.
      "In id order, which is creation order. Follows every page unless --limit.",
      "With --json, prints one JSON object per line: the same object as 'info'",
      "(every field but the content), or the fields of --fields."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  blobkeep ls --bucket photos --prefix 2024/",
      "  blobkeep ls --where owner=ann --fields id,key,size,owner",
      "  blobkeep ls --bucket logs --json --limit 10",
      "  blobkeep ls --where http_status=200 --where 'zip=\"02134\"'",
      "",
      "Fields: id, bucket, key, size, content_type, sha256, created, updated, meta;",
      "any other name is a user field."
    })
final class LsCommand extends StoreCommand {
  static final List<String> DEFAULT_FIELDS =
      List.of("id", "bucket", "key", "size", "content_type", "updated");
  private static final int PAGE_SIZE = 1000;

  @Option(
      names = "--bucket",
      paramLabel = "B",
      converter = Names.Bucket.class,
      description = "Only this bucket.")
  String bucket;

  @Option(names = "--prefix", paramLabel = "P", description = "Only keys starting with P.")
  String prefix;

  @Option(
      names = "--where",
      paramLabel = "NAME=VALUE",
      converter = Field.Converter.class,
      description = {
        "Only blobs whose user field equals VALUE;",
        "repeatable (AND). VALUE is a number, true, false",
        "or null when it reads as one, else a string;",
        "quote it for the string: 'http_status=\"200\"'."
      })
  List<Field> where = new ArrayList<>();

  // Split here, not by picocli: its quote handling warns on stderr about a '"' in a name.
  @Option(
      names = "--fields",
      paramLabel = "F,...",
      description = {
        "The columns, comma-separated. Default:",
        "id,bucket,key,size,content_type,updated",
        "(with --json: every field)."
      })
  List<String> fieldLists = new ArrayList<>();

  private List<String> fields = DEFAULT_FIELDS;
  private Query query;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Print at most N blobs (default: all).")
  Integer limit;

  @Option(names = "--json", description = "One JSON object per line instead of a table.")
  boolean json;

  @Override
  void check() {
    if (limit != null && limit < 1) {
      throw usageError("--limit must be at least 1, got " + limit);
    }
    if (!fieldLists.isEmpty()) {
      fields = fieldLists.stream().flatMap(list -> Arrays.stream(list.split(",", -1))).toList();
    } else if (json) {
      fields = Query.BUILT_IN_FIELDS; // programs read it: everything but the content
    }
    query = query();
  }

  @Override
  BlobStore openStore() {
    return root.openStoreForReading(); // reads only: never creates a store
  }

  @Override
  void run(BlobStore store, Terminal terminal) {
    Query query = this.query;
    Table table = json ? null : new Table(headers(), Set.copyOf(sizeColumns()));
    long printed = 0;
    while (true) {
      Page<BlobInfo> page = store.list(query);
      for (BlobInfo info : page.items()) {
        if (limit != null && printed == limit) {
          break;
        }
        if (json) {
          terminal.println(BlobJson.compact(BlobJson.pick(info, fields)));
        } else {
          table.add(cells(info));
        }
        printed++;
      }
      if (!page.hasMore() || (limit != null && printed == limit)) {
        break;
      }
      query = query.after(page.nextCursor());
    }
    if (table != null) {
      table.lines().forEach(terminal::println);
    }
  }

  private Query query() {
    Query query =
        Query.all().fields(fields).limit(limit == null ? PAGE_SIZE : Math.min(limit, PAGE_SIZE));
    if (bucket != null) {
      query = query.inBucket(bucket);
    }
    if (prefix != null) {
      query = query.prefix(prefix);
    }
    for (Map.Entry<String, String> e : Field.toMap(where).entrySet()) {
      query = query.whereText(e.getKey(), e.getValue());
    }
    return query;
  }

  private List<String> headers() {
    return fields.stream().map(f -> f.toUpperCase(Locale.ROOT)).toList();
  }

  private List<Integer> sizeColumns() {
    List<Integer> columns = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).equals("size")) {
        columns.add(i);
      }
    }
    return columns;
  }

  /**
   * A table cell: text as it is, "-" for none, anything else as compact JSON. Text and whole
   * numbers, the default columns, are written without the JSON machinery, which a table of them
   * would otherwise load at every start.
   */
  private static String cell(Object value) {
    if (value == null) {
      return "-";
    }
    if (value instanceof String || value instanceof Long || value instanceof Integer) {
      return value.toString();
    }
    var node = BlobJson.toTree(value);
    return node.isNull() ? "-" : node.isTextual() ? node.asText() : BlobJson.compact(node);
  }

  private List<String> cells(BlobInfo info) {
    List<String> cells = new ArrayList<>(fields.size());
    for (String field : fields) {
      cells.add(cell(dev.blobkeep.server.BlobJson.field(info, field)));
    }
    return cells;
  }
}
