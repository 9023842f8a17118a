package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

class GcCommandTest {
  @CliTest
  void printsWhatItRemovedAndKeepsLiveBlobs(Cli cli) {
    String kept = cli.put("kept");
    String gone = cli.put(TestData.random(300_000, 6));
    cli.run("rm", gone).ok();

    Cli.Result result = cli.run("gc").ok();

    assertThat(result.out())
        .matches("removed \\d+ abandoned uploads?, \\d+ deleted blobs?, \\d+ chunks?\n");
    assertThat(cli.get(kept)).asString().isEqualTo("kept");
  }

  @CliTest
  void aCleanStoreHasNothingToRemove(Cli cli) {
    cli.run("gc").ok();

    assertThat(cli.run("gc").ok().out())
        .isEqualTo("removed 0 abandoned uploads, 0 deleted blobs, 0 chunks\n");
  }
}
