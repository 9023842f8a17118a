package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every command's {@code --help} at the default width of 80 columns: wrapping never cuts a word, a
 * URL or an option from its value, and every example is a complete command line that parses.
 */
class HelpTextTest {
  static Stream<String> commands() {
    List<String> names = new ArrayList<>(List.of(""));
    names.addAll(commandLine().getSubcommands().keySet());
    return names.stream();
  }

  @ParameterizedTest(name = "blobkeep {0} --help")
  @MethodSource("commands")
  void wrappingNeverCutsAWordOrAUrl(String command) {
    String narrow = help(command, 80);
    String unwrapped = help(command, 2000);

    assertThat(words(narrow)).as(narrow).isEqualTo(words(unwrapped));
    assertThat(narrow.lines())
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
  }

  @ParameterizedTest(name = "blobkeep {0} --help")
  @MethodSource("commands")
  void everyExampleIsACompleteLineThatParses(String command) {
    List<String> examples = examples(help(command, 80));

    assertThat(examples).as("examples of '%s'", command).isNotEmpty();
    for (String example : examples) {
      for (List<String> blobkeep : blobkeepCommands(example)) {
        String[] args = blobkeep.subList(1, blobkeep.size()).toArray(String[]::new);
        assertThatCode(() -> commandLine().parseArgs(args))
            .as("example '%s' of '%s'", example, command)
            .doesNotThrowAnyException();
      }
    }
  }

  private static CommandLine commandLine() {
    Terminal terminal =
        new Terminal(
            new ByteArrayInputStream(new byte[0]),
            new ByteArrayOutputStream(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            Map.of(),
            false);
    return CommandLines.commandLine(new BlobkeepCommand(terminal));
  }

  private static String help(String command, int width) {
    CommandLine root = commandLine().setUsageHelpWidth(width);
    CommandLine target = command.isEmpty() ? root : root.getSubcommands().get(command);
    return target.getUsageMessage(CommandLine.Help.Ansi.OFF);
  }

  private static List<String> words(String text) {
    return Arrays.stream(text.strip().split("\\s+")).toList();
  }

  /**
   * The example lines: those indented under "Examples:" up to the first blank line, with lines
   * ending in a backslash joined to the next. A line not indented there is a cut example.
   */
  static List<String> examples(String help) {
    List<String> lines = help.lines().toList();
    int start = lines.indexOf("Examples:");
    List<String> examples = new ArrayList<>();
    if (start < 0) {
      return examples;
    }
    StringBuilder current = new StringBuilder();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.isBlank()) {
        break;
      }
      assertThat(line).as("an example line (indented)").startsWith("  ");
      String text = line.strip();
      if (text.endsWith("\\")) {
        current.append(text, 0, text.length() - 1).append(' ');
      } else {
        examples.add(current.append(text).toString());
        current.setLength(0);
      }
    }
    assertThat(current).as("an example ends in a backslash").isEmpty();
    return examples;
  }

  /**
   * The {@code blobkeep ...} commands of a shell line, split into words as a shell would (single
   * and double quotes, backslash escapes in double quotes, {@code |} between commands, {@code #}
   * comments).
   */
  static List<List<String>> blobkeepCommands(String line) {
    List<List<String>> commands = new ArrayList<>();
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\'' || c == '"') {
        word = word == null ? new StringBuilder() : word;
        int end = line.indexOf(c, i + 1);
        assertThat(end).as("closing quote in '%s'", line).isPositive();
        String quoted = line.substring(i + 1, end);
        word.append(c == '"' ? quoted.replaceAll("\\\\([\"\\\\$`])", "$1") : quoted);
        i = end;
      } else if (c == '\\' && i + 1 < line.length()) {
        word = word == null ? new StringBuilder() : word;
        word.append(line.charAt(++i));
      } else if (Character.isWhitespace(c) || c == '|' || c == '>' || c == '<') {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
        if (c == '|') {
          commands.add(words);
          words = new ArrayList<>();
        } else if (c == '>' || c == '<') {
          words.add(String.valueOf(c));
        }
      } else if (c == '#' && word == null) {
        break;
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    commands.add(words);
    List<List<String>> blobkeep = new ArrayList<>();
    for (List<String> command : commands) {
      int redirect = command.indexOf(">");
      List<String> args = redirect < 0 ? command : command.subList(0, redirect);
      if (!args.isEmpty() && args.get(0).equals("blobkeep")) {
        blobkeep.add(args);
      }
    }
    return blobkeep;
  }
}
