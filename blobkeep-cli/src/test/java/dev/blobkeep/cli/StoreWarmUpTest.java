package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link StoreWarmUp} warms the store the command will open, found as {@code --db} finds it. */
class StoreWarmUpTest {
  @Test
  void theStoreIsDbsValueElseTheEnvironmentsElseTheDefaultFile() {
    assertThat(StoreWarmUp.location(new String[] {"ls"}, null)).isEqualTo("./blobkeep.db");
    assertThat(StoreWarmUp.location(new String[] {"ls"}, "/data/b.db")).isEqualTo("/data/b.db");
    assertThat(StoreWarmUp.location(new String[] {"--db", "a.db", "ls"}, "/data/b.db"))
        .isEqualTo("a.db");
    assertThat(StoreWarmUp.location(new String[] {"--db=jdbc:postgresql://h/d", "ls"}, null))
        .isEqualTo("jdbc:postgresql://h/d");
  }
}
