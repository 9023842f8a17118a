package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.Query;
import dev.blobkeep.interop.ImportListener;
import dev.blobkeep.interop.ImportOptions;
import dev.blobkeep.interop.ImportReport;
import dev.blobkeep.interop.TableImport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;

/**
 * {@code blobkeep import} from the parts tables ({@link PartsSource}) into every store backend;
 * subclasses choose the source database.
 */
abstract class ImportContract {
  private static final String DRAWINGS = "part_drawings";
  private static final String FILES = "part_drawing_files";

  private PartsSource source;

  /** A new source with empty tables, in {@code dir} if it is a file. */
  abstract PartsSource openSource(Path dir) throws SQLException;

  @AfterEach
  void dropSource() throws SQLException {
    if (source != null) {
      source.close();
    }
  }

  private PartsSource source(Cli cli) throws SQLException {
    if (source == null) {
      source = openSource(cli.dir());
    }
    return source;
  }

  /** Parts 1 to 3: a random drawing, an empty one, and every byte value. */
  private List<byte[]> threeParts(Cli cli) throws SQLException {
    List<byte[]> drawings =
        List.of(TestData.random(100_000, 1), new byte[0], TestData.allByteValues(1000));
    source(cli).addPart(1, "bolt", "png", drawings.get(0));
    source(cli).addPart(2, "nut", "dxf", drawings.get(1));
    source(cli).addPart(3, "washer", "pdf", drawings.get(2));
    return drawings;
  }

  private Cli.Result importing(Cli cli, String table, String... options) throws SQLException {
    return cli.run(importArgs(source(cli).url(), table, "drawing", options));
  }

  /** {@code import URL --table T --id-column part_id --data-column D [options]}. */
  private static String[] importArgs(
      String url, String table, String dataColumn, String... options) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "import",
                url,
                "--table",
                table,
                "--id-column",
                "part_id",
                "--data-column",
                dataColumn));
    args.addAll(List.of(options));
    return args.toArray(String[]::new);
  }

  /** The one blob imported from row {@code id} of {@code table}. */
  private BlobInfo importedFrom(Cli cli, String table, int id) {
    String ref = TableImport.sourceName(source.url()) + "#" + table + "#" + id;
    AtomicReference<List<BlobInfo>> found = new AtomicReference<>();
    cli.withStore(store -> found.set(store.list(Query.all().where("import_source", ref)).items()));
    assertThat(found.get()).as("blobs from %s", ref).hasSize(1);
    AtomicReference<BlobInfo> info = new AtomicReference<>();
    cli.withStore(store -> info.set(store.info(found.get().get(0).ref())));
    return info.get();
  }

  private static long blobCount(Cli cli) {
    return cli.run("ls", "--json").ok().lines().size();
  }

  @CliTest
  void importsEveryRowWithItsBytesSha256AndFields(Cli cli) throws SQLException {
    List<byte[]> drawings = threeParts(cli);

    Cli.Result result =
        importing(cli, DRAWINGS, "--bucket", "drawings", "--meta-columns", "file_extension,part_id")
            .ok();

    assertThat(result.out())
        .isEqualTo(
            "3 rows: 3 imported (98.6 KiB), 0 skipped (0 already imported, 0 with NULL drawing),"
                + " 0 failed\n");
    String[] extensions = {"png", "dxf", "pdf"};
    for (int i = 0; i < 3; i++) {
      BlobInfo blob = importedFrom(cli, DRAWINGS, i + 1);
      assertThat(cli.get(blob.id())).isEqualTo(drawings.get(i));
      assertThat(blob.sha256()).isEqualTo(TestData.sha256(drawings.get(i)));
      assertThat(blob.size()).isEqualTo(drawings.get(i).length);
      assertThat(blob.bucket()).isEqualTo("drawings");
      assertThat(blob.key()).isNull();
      assertThat(blob.meta("file_extension")).isEqualTo(extensions[i]);
      assertThat(blob.meta("part_id")).isEqualTo(i + 1);
      assertThat(blob.meta("import_table"))
          .isEqualTo(TableImport.sourceName(source.url()) + "#" + DRAWINGS);
    }
    assertThat(blobCount(cli)).isEqualTo(3);
  }

  @CliTest
  void aKeyColumnGivesEachBlobItsKey(Cli cli) throws SQLException {
    List<byte[]> drawings = threeParts(cli);

    importing(cli, FILES, "--key-column", "file_name", "--meta-columns", "part_name").ok();

    assertThat(cli.get("default/bolt.png")).isEqualTo(drawings.get(0));
    assertThat(cli.get("default/nut.dxf")).isEqualTo(drawings.get(1));
    assertThat(cli.get("default/washer.pdf")).isEqualTo(drawings.get(2));
    assertThat(importedFrom(cli, FILES, 1).meta("part_name")).isEqualTo("bolt");
  }

  @CliTest
  void aSecondRunSkipsEveryRowAndAThirdImportsOnlyNewRows(Cli cli) throws SQLException {
    threeParts(cli);
    importing(cli, DRAWINGS).ok();
    String first = importedFrom(cli, DRAWINGS, 1).id();

    Cli.Result second = importing(cli, DRAWINGS).ok();
    byte[] added = TestData.random(5000, 4);
    source(cli).addPart(4, "gear", "svg", added);
    source(cli).addPart(5, "axle", "svg", new byte[] {1});
    Cli.Result third = importing(cli, DRAWINGS).ok();

    assertThat(second.out())
        .isEqualTo(
            "3 rows: 0 imported (0 B), 3 skipped (3 already imported, 0 with NULL drawing),"
                + " 0 failed\n");
    assertThat(third.out())
        .isEqualTo(
            "5 rows: 2 imported (4.9 KiB), 3 skipped (3 already imported, 0 with NULL drawing),"
                + " 0 failed\n");
    assertThat(blobCount(cli)).isEqualTo(5);
    assertThat(importedFrom(cli, DRAWINGS, 1).id()).isEqualTo(first);
    assertThat(cli.get(importedFrom(cli, DRAWINGS, 4).id())).isEqualTo(added);
  }

  @CliTest
  void aRowWithABadKeyFailsAloneAndARunAfterTheFixImportsOnlyIt(Cli cli) throws SQLException {
    List<byte[]> drawings = threeParts(cli);
    source(cli).execute("UPDATE parts SET part_name = ? WHERE part_id = 2", "n\u0001t");

    Cli.Result failed = importing(cli, FILES, "--key-column", "file_name");
    source(cli).execute("UPDATE parts SET part_name = 'nut' WHERE part_id = 2");
    Cli.Result fixed = importing(cli, FILES, "--key-column", "file_name").ok();

    assertThat(failed.status()).isEqualTo(1);
    assertThat(failed.stderr().lines())
        .containsExactly(
            "blobkeep: row part_id=2 of part_drawing_files failed: key 'n\\u0001t.dxf' has"
                + " control character U+0001 at index 1",
            "blobkeep: 1 of 3 rows failed (see above); fix them and run the same import again:"
                + " it imports only the rows still missing");
    assertThat(failed.out())
        .isEqualTo(
            "3 rows: 2 imported (98.6 KiB), 0 skipped (0 already imported, 0 with NULL drawing),"
                + " 1 failed\n");
    assertThat(fixed.out())
        .isEqualTo(
            "3 rows: 1 imported (0 B), 2 skipped (2 already imported, 0 with NULL drawing),"
                + " 0 failed\n");
    assertThat(cli.get("default/nut.dxf")).isEqualTo(drawings.get(1));
    assertThat(blobCount(cli)).isEqualTo(3);
  }

  @CliTest
  void aTakenKeyFailsItsRowAndLeavesTheBlobThere(Cli cli) throws SQLException {
    threeParts(cli);
    String mine = cli.put("mine", "--key", "nut.dxf");

    Cli.Result result = importing(cli, FILES, "--key-column", "file_name");

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.stderr().lines().toList().get(0))
        .isEqualTo(
            "blobkeep: row part_id=2 of part_drawing_files failed: blob default/nut.dxf already"
                + " exists (id "
                + mine
                + ")");
    assertThat(cli.get("default/nut.dxf")).asString().isEqualTo("mine");
    assertThat(blobCount(cli)).isEqualTo(3);
  }

  @CliTest
  void rowsWithNullDataAreSkippedWithAReason(Cli cli) throws SQLException {
    threeParts(cli);
    source(cli).addPart(4, "pin", "png", null);

    Cli.Result first = importing(cli, DRAWINGS);
    Cli.Result again = importing(cli, DRAWINGS);

    assertThat(first.status()).isZero();
    assertThat(first.stderr())
        .isEqualTo("blobkeep: row part_id=4 of part_drawings skipped: drawing is NULL\n");
    assertThat(first.out())
        .isEqualTo(
            "4 rows: 3 imported (98.6 KiB), 1 skipped (0 already imported, 1 with NULL drawing),"
                + " 0 failed\n");
    assertThat(again.out()).startsWith("4 rows: 0 imported (0 B), 4 skipped (3 already imported");
    assertThat(blobCount(cli)).isEqualTo(3);
  }

  @CliTest
  void whereSelectsTheRowsAndDoesNotChangeWhatARowIsCalled(Cli cli) throws SQLException {
    threeParts(cli);

    Cli.Result some = importing(cli, DRAWINGS, "--where", "part_id >= 2 AND file_extension <> 'x'");
    Cli.Result all = importing(cli, DRAWINGS).ok();

    assertThat(some.ok().out()).startsWith("2 rows: 2 imported");
    assertThat(all.out()).startsWith("3 rows: 1 imported (97.7 KiB), 2 skipped (2 already");
    assertThat(blobCount(cli)).isEqualTo(3);
  }

  @CliTest
  void namesWithQuotesOrSemicolonsAreOnlyNamesAndChangeNothing(Cli cli) throws SQLException {
    threeParts(cli);

    String table = importing(cli, "part_drawings\"; DROP TABLE parts; --").failure(1);
    String backquote = importing(cli, "part_drawings`; DROP TABLE parts; --").failure(1);
    String column =
        cli.run(importArgs(source.url(), DRAWINGS, "drawing\") FROM parts; --")).failure(1);
    String meta = importing(cli, DRAWINGS, "--meta-columns", "file_extension,x'y").failure(1);
    String control = importing(cli, "parts\u0000").failure(2);

    assertThat(table).startsWith(readFailed("part_drawings\"; DROP TABLE parts; --"));
    assertThat(backquote).startsWith(readFailed("part_drawings`; DROP TABLE parts; --"));
    assertThat(column).contains("has no column 'drawing\") FROM parts; --' (data column)");
    assertThat(meta).contains("has no column 'x'y' (meta column)");
    assertThat(control)
        .startsWith("blobkeep: table 'parts\\u0000' has control character U+0000 at index 5");
    assertThat(source.count("parts")).isEqualTo(3);
    assertThat(blobCount(cli)).isZero();
  }

  @CliTest
  void namesWithSpacesAndQuoteCharactersImportRight(Cli cli) throws SQLException {
    threeParts(cli);
    String table = "part \"drawing\" `files`";
    String id = "part's id";
    String data = "the `data\"";
    String key = "file name";
    byte[] bytes = TestData.random(2000, 8);
    source(cli)
        .execute(
            "CREATE TABLE "
                + source.quoted(table)
                + " ("
                + source.quoted(id)
                + " INTEGER PRIMARY KEY, "
                + source.quoted(key)
                + " VARCHAR(20), "
                + source.quoted(data)
                + " "
                + source.binaryType()
                + ")");
    source(cli)
        .execute("INSERT INTO " + source.quoted(table) + " VALUES (?, ?, ?)", 7, "a b", bytes);

    cli.run(
            "import",
            source.url(),
            "--table",
            table,
            "--id-column",
            id,
            "--data-column",
            data,
            "--key-column",
            key,
            "--meta-columns",
            key)
        .ok();

    assertThat(cli.get("default/a b")).isEqualTo(bytes);
    assertThat(importedFrom(cli, table, 7).meta(key)).isEqualTo("a b");
    assertThat(blobCount(cli)).isEqualTo(1);
  }

  /** How the stderr line of an import starts when reading {@code table} of the source failed. */
  private String readFailed(String table) {
    return "blobkeep: reading table "
        + table
        + " of source "
        + TableImport.sourceName(source.url());
  }

  /** The one stderr line of an import whose {@code what} names a column {@code table} lacks. */
  private String noColumn(String table, String column, String what, String columns) {
    return "blobkeep: table '"
        + table
        + "' of source "
        + TableImport.sourceName(source.url())
        + " has no column '"
        + column
        + "' ("
        + what
        + "); its columns: "
        + columns
        + "; nothing was imported";
  }

  @CliTest
  void aMisspelledDataColumnFailsNamingItAndTheColumnsAndStoresNothing(Cli cli)
      throws SQLException {
    threeParts(cli);

    String message = cli.run(importArgs(source.url(), DRAWINGS, "drawings")).failure(1);

    assertThat(message)
        .isEqualTo(
            noColumn(
                DRAWINGS, "drawings", "data column", "'part_id', 'file_extension', 'drawing'"));
    assertThat(blobCount(cli)).isZero();
  }

  @CliTest
  void aMisspelledKeyOrMetaColumnFailsNamingItAndStoresNothing(Cli cli) throws SQLException {
    threeParts(cli);
    String columns = "'part_id', 'file_name', 'part_name', 'drawing'";

    String key = importing(cli, FILES, "--key-column", "file_nam").failure(1);
    String meta =
        importing(cli, FILES, "--key-column", "file_name", "--meta-columns", "part_name,prat_id")
            .failure(1);

    assertThat(key).isEqualTo(noColumn(FILES, "file_nam", "key column", columns));
    assertThat(meta).isEqualTo(noColumn(FILES, "prat_id", "meta column", columns));
    assertThat(blobCount(cli)).isZero();
  }

  @CliTest
  void aMisspelledIdColumnFailsNamingItAndStoresNothing(Cli cli) throws SQLException {
    threeParts(cli);
    List<String> args = new ArrayList<>(List.of(importArgs(source.url(), DRAWINGS, "drawing")));
    args.set(args.indexOf("part_id"), "partid");

    String message = cli.run(args.toArray(String[]::new)).failure(1);

    assertThat(message)
        .isEqualTo(
            noColumn(DRAWINGS, "partid", "id column", "'part_id', 'file_extension', 'drawing'"));
    assertThat(blobCount(cli)).isZero();
  }

  @CliTest
  void aMisspelledTableFailsNamingItAndTheTablesAndStoresNothing(Cli cli) throws SQLException {
    threeParts(cli);

    String message = importing(cli, "part_drawing").failure(1);

    assertThat(message)
        .startsWith(readFailed("part_drawing") + " failed: ")
        .contains("part_drawing")
        .endsWith(" (tables: 'part_drawing_files', 'part_drawings', 'parts')");
    assertThat(blobCount(cli)).isZero();
  }

  @CliTest
  void keywordsAsTableAndColumnNamesImportRight(Cli cli) throws SQLException {
    threeParts(cli);
    byte[] data = TestData.random(3000, 7);
    source(cli)
        .execute(
            "CREATE TABLE "
                + source.quoted("order")
                + " ("
                + source.quoted("select")
                + " INTEGER PRIMARY KEY, "
                + source.quoted("from")
                + " VARCHAR(20), "
                + source.quoted("group")
                + " "
                + source.binaryType()
                + ")");
    source(cli)
        .execute(
            "INSERT INTO " + source.quoted("order") + " VALUES (?, ?, ?)", 1, "where.bin", data);

    cli.run(
            "import",
            source.url(),
            "--table",
            "order",
            "--id-column",
            "select",
            "--data-column",
            "group",
            "--key-column",
            "from",
            "--meta-columns",
            "from")
        .ok();

    assertThat(cli.get("default/where.bin")).isEqualTo(data);
    assertThat(importedFrom(cli, "order", 1).meta("from")).isEqualTo("where.bin");
    assertThat(blobCount(cli)).isEqualTo(1);
  }

  @CliTest
  void aSchemaQualifiedTableWorks(Cli cli) throws SQLException {
    threeParts(cli);

    importing(cli, source(cli).qualifiedTable()).ok();

    assertThat(blobCount(cli)).isEqualTo(3);
    assertThat(importedFrom(cli, source.qualifiedTable(), 3).size()).isEqualTo(1000);
  }

  @CliTest
  void aMissingTableFailsNamingItAndTheSource(Cli cli) throws SQLException {
    threeParts(cli);

    String message = importing(cli, "no_such_table").failure(1);

    assertThat(message)
        .startsWith(readFailed("no_such_table") + " failed: ")
        .contains("no_such_table");
  }

  @CliTest
  void aWhereTheSourceRefusesFailsWithItsMessage(Cli cli) throws SQLException {
    threeParts(cli);

    String message = importing(cli, DRAWINGS, "--where", "no_such_column = 1").failure(1);

    assertThat(message).startsWith(readFailed("part_drawings"));
    assertThat(message).contains("no_such_column");
  }

  @CliTest
  void anIdThatAppearsTwiceFailsTheSecondRow(Cli cli) throws SQLException {
    threeParts(cli);
    source(cli)
        .execute(
            "CREATE VIEW doubled AS SELECT part_id, drawing FROM part_drawings UNION ALL"
                + " SELECT part_id, drawing FROM part_drawings WHERE part_id = 3");

    Cli.Result result = importing(cli, "doubled");

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.stderr().lines().toList().get(0))
        .isEqualTo(
            "blobkeep: row part_id=3 of doubled failed: part_id 3 appears more than once; it must"
                + " be unique");
    assertThat(result.out()).startsWith("4 rows: 3 imported");
  }

  @CliTest
  void aTwentyMegabyteRowArrivesWholeUnderAProgressBar(Cli cli) throws SQLException {
    int mib = source(cli).bigRowMebibytes();
    byte[] big = TestData.random(mib << 20, 20);
    source(cli).addPart(1, "hull", "step", big);

    Cli.Result result =
        cli.runInteractive(new byte[0], importArgs(source.url(), DRAWINGS, "drawing"));

    assertThat(result.status()).as(result.stderr()).isZero();
    assertThat(result.stderr())
        .startsWith("\rimport part_drawings [")
        .contains("100% " + mib + ".0 MiB / " + mib + ".0 MiB")
        .endsWith("\n");
    assertThat(result.out()).startsWith("1 row: 1 imported (" + mib + ".0 MiB)");
    BlobInfo blob = importedFrom(cli, DRAWINGS, 1);
    assertThat(blob.sha256()).isEqualTo(TestData.sha256(big));
    cli.withStore(store -> assertThat(store.getBytes(BlobRef.id(blob.id()))).isEqualTo(big));
  }

  /**
   * The drivers hold a whole value in memory (see {@link TableImport}); this checks it is held once
   * (rows of 20 MiB, or less where the source's packets cannot carry that: MariaDB). pgjdbc in text
   * transfer would need three times the value (hex text, then bytes) and run out of a 64 MiB heap
   * on the first row.
   */
  @CliTest
  void twentyMegabyteRowsAreHeldOnceSoTheyFitInA64MegabyteHeap(Cli cli) throws Exception {
    int mib = source(cli).bigRowMebibytes();
    byte[] first = TestData.random(mib << 20, 21);
    byte[] second = TestData.random(mib << 20, 22);
    source(cli).addPart(1, "hull", "step", first);
    source(cli).addPart(2, "keel", "step", second);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java.toString(),
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "--db",
                cli.location()));
    command.addAll(List.of(importArgs(source.url(), DRAWINGS, "drawing")));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(child.waitFor()).as(output).isZero();
    assertThat(output).startsWith("2 rows: 2 imported (" + 2 * mib + ".0 MiB)");
    assertThat(importedFrom(cli, DRAWINGS, 1).sha256()).isEqualTo(TestData.sha256(first));
    assertThat(importedFrom(cli, DRAWINGS, 2).sha256()).isEqualTo(TestData.sha256(second));
  }

  @CliTest
  void theLibraryImportsThroughTheCallersConnectionAndReportsEachRow(Cli cli) throws SQLException {
    threeParts(cli);
    source(cli).addPart(4, "pin", "png", null);
    List<String> heard = new ArrayList<>();
    ImportListener listener =
        new ImportListener() {
          @Override
          public void starting(long rows, long bytes) {
            heard.add("starting " + rows + " " + bytes);
          }

          @Override
          public void imported(String id, BlobInfo blob) {
            heard.add("imported " + id + " " + blob.size());
          }

          @Override
          public void alreadyImported(String id, long size) {
            heard.add("already " + id + " " + size);
          }

          @Override
          public void skipped(String id, long size, String reason) {
            heard.add("skipped " + id + " " + reason);
          }
        };
    ImportOptions options = ImportOptions.of(DRAWINGS, "part_id", "drawing").bucket("parts");
    AtomicReference<ImportReport> first = new AtomicReference<>();
    AtomicReference<ImportReport> second = new AtomicReference<>();

    try (Connection connection = source.connect()) {
      cli.withStore(
          store -> {
            first.set(new TableImport(options).run(connection, "parts-db", store, listener));
            second.set(new TableImport(options).run(connection, "parts-db", store, listener));
          });
    }

    assertThat(first.get()).isEqualTo(new ImportReport(4, 3, 101_000, 0, 1, 0));
    assertThat(second.get()).isEqualTo(new ImportReport(4, 0, 0, 3, 1, 0));
    assertThat(heard)
        .containsExactly(
            "starting 4 101000",
            "imported 1 100000",
            "imported 2 0",
            "imported 3 1000",
            "skipped 4 drawing is NULL",
            "starting 4 101000",
            "already 1 100000",
            "already 2 0",
            "already 3 1000",
            "skipped 4 drawing is NULL");
    cli.withStore(
        store ->
            assertThat(
                    store
                        .list(
                            Query.bucket("parts")
                                .where("import_source", "parts-db#" + DRAWINGS + "#2"))
                        .items())
                .hasSize(1));
  }
}
