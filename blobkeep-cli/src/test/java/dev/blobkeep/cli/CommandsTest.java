package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

class CommandsTest {
  @Test
  void everyNameIsItsCommandsOwnName() {
    for (String name : Commands.names()) {
      Subcommand command = Commands.create(name);
      assertThat(command.getClass().getAnnotation(Command.class).name()).isEqualTo(name);
    }
  }

  @Test
  void aCommandLineNeedsOnlyTheCommandItNamesAfterTheRootOptions() {
    assertThat(Commands.needed(List.of("ls"))).containsExactly("ls");
    assertThat(Commands.needed(List.of("--db", "put", "--debug", "get", "x")))
        .containsExactly("get");
    assertThat(Commands.needed(List.of("--db=s.db", "verify", "--db", "t.db")))
        .containsExactly("verify");
  }

  @Test
  void withoutAKnownCommandEveryCommandIsNeeded() {
    assertThat(Commands.needed(List.of())).isEqualTo(Commands.names());
    assertThat(Commands.needed(List.of("--help"))).isEqualTo(Commands.names());
    assertThat(Commands.needed(List.of("frobnicate", "ls"))).isEqualTo(Commands.names());
    assertThat(Commands.needed(List.of("--frob", "ls"))).isEqualTo(Commands.names());
  }
}
