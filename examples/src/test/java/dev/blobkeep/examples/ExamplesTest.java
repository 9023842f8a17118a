package dev.blobkeep.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every example runs as it is and prints what its recipe promises. */
class ExamplesTest {
  @TempDir Path tmp;

  @Test
  void filesPerUserListsOnlyAnnsFilesByIdAndName() throws Exception {
    String out = run(() -> FilesPerUser.main(new String[] {tmp.resolve("f.db").toString()}));
    assertThat(out.lines()).hasSize(3);
    assertThat(out)
        .containsPattern("[0-9a-f-]{36}  notes.txt")
        .containsPattern("[0-9a-f-]{36}  todo.md");
    assertThat(out).doesNotContain("song.txt").contains("notes.txt: buy milk");
  }

  @Test
  void partDrawingsComeBackAsNamedFiles() throws Exception {
    Path out = tmp.resolve("out");
    run(() -> PartDrawings.main(new String[] {tmp.resolve("d.db").toString(), out.toString()}));
    assertThat(Files.readAllBytes(out.resolve("SIM Tray.png"))).isEqualTo(Drawings.png(1));
    assertThat(Files.readAllBytes(out.resolve("Speaker.jpg"))).isEqualTo(Drawings.jpeg(2));
  }

  @Test
  void aRolledBackPartTakesItsDrawingWithIt() throws Exception {
    Path out = tmp.resolve("out");
    String printed =
        run(
            () ->
                PartDrawingsInOwnTransaction.main(
                    new String[] {tmp.resolve("p.db").toString(), out.toString()}));
    assertThat(Files.readAllBytes(out.resolve("SIM Tray.png"))).isEqualTo(Drawings.png(1));
    assertThat(out.resolve("Speaker.jpg")).doesNotExist();
    assertThat(printed).contains("drawings stored: 1");
  }

  @Test
  void incrementalBlobBehavesLikeApsw() throws Exception {
    String out = run(() -> IncrementalBlob.main(new String[] {tmp.resolve("i.db").toString()}));
    assertThat(out)
        .contains("tell after writes: 11")
        .contains("read: hello world")
        .contains("tail is zeros: [0, 0, 0, 0, 0, 0, 0, 0, 0]")
        .contains("refused: write of 8 bytes at offset 20 would pass the end")
        .contains("second, from 5: 56789, length 10");
  }

  @Test
  void avatarsAreFetchedIntoTheUsersRecords() throws Exception {
    String out = run(() -> Avatars.main(new String[] {tmp.resolve("a.db").toString()}));
    assertThat(out)
        .containsPattern("user-1  200000 bytes  image/png  from http://127.0.0.1:\\d+/avatar.png")
        .contains("user-2  200000 bytes")
        .contains("user-1 avatar starts with PNG signature: true");
  }

  interface Main {
    void run() throws Exception;
  }

  static synchronized String run(Main main) throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, "UTF-8"));
    try {
      main.run();
    } finally {
      System.setOut(old);
    }
    return buf.toString("UTF-8");
  }
}
