package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.testkit.ScriptRun;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shell ({@code sh}) and Python samples of {@code docs/*.md}, run as written, a page at a time:
 * its samples in order in one bash session ({@code set -euo pipefail}), in a fresh directory that
 * is also {@code $HOME}, with {@code ./blobkeep} and {@code blobkeep} the real launcher and Python
 * samples run by {@code /usr/bin/python3}.
 *
 * <p>What a page may say to this test, in HTML comments (not shown on the page):
 *
 * <ul>
 *   <li>{@code <!-- not run: WHY -->} on the line before a sample: the sample is not run, for the
 *       reason given (a production host name, a synopsis, sample output). Every sample of a page is
 *       run, included from tested code ({@code <!-- include: ... -->}, checked by the examples'
 *       {@code DocsSamplesTest}) or marked so.
 *   <li>{@code <!-- test setup ...:} lines {@code -->}: shell lines run at that point, to make the
 *       files the samples after it name.
 * </ul>
 *
 * <p>A {@code blobkeep serve} line runs in the background until the page's samples are done; it
 * must name its {@code --port} (and {@code --s3-port} if any), and the next line runs once they
 * answer. The ports 8080 and 9000 of a page's samples become free ports of the machine. {@code
 * curl} is the real one, but an HTTP status of 400 or more fails the sample, unless the line's
 * comment names the status it shows ({@code # 412: exists}), which must then be the status. A
 * client program a page calls that is not installed ({@code aws}, {@code rclone}, {@code s3cmd},
 * boto3: {@code .ci/run} installs them) skips the page, or fails it under {@code CI=true}.
 */
class DocsCommandsIT {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  /** A setup comment, or a sample with the marker comment on the line before it, if any. */
  private static final Pattern ITEM =
      Pattern.compile(
          "<!-- test setup[^\\n]*\\n(.*?)\\n-->"
              + "|(?:<!-- (include|not run): ([^\\n]*?) -->\\n)?```(\\w*)\\n(.*?)\\n```",
          Pattern.DOTALL);

  private static final Pattern SERVE = Pattern.compile("^(?:\\./)?blobkeep serve\\b.*");
  private static final Pattern CURL_LINE =
      Pattern.compile("^(?:[^#]*\\|\\s*)?curl\\s[^#]*#\\s*(\\d{3})\\b.*");
  private static final Pattern TOOL =
      Pattern.compile("(?m)(?:^|\\$\\(|\\|\\s*)(aws|rclone|s3cmd|curl|openssl)\\s");

  @TempDir Path dir;

  /** One item of a page: a setup comment ({@code lang} "setup") or a sample. */
  record Item(String page, long line, String lang, String marker, String note, String text) {
    boolean runs() {
      return marker == null && (lang.equals("setup") || lang.equals("sh") || lang.equals("python"));
    }

    String where() {
      return page + ":" + line;
    }
  }

  @Test
  void everySampleIsRunIncludedOrSaysWhyNot() throws Exception {
    List<String> problems = new ArrayList<>();
    for (String page : pages()) {
      for (Item item : items(page)) {
        if (item.lang().equals("setup") || item.runs() || "include".equals(item.marker())) {
          continue;
        }
        if ("not run".equals(item.marker())) {
          if (item.note().length() < 20) {
            problems.add(
                item.where() + ": '<!-- not run: " + item.note() + " -->' says too little why");
          }
        } else {
          problems.add(
              item.where()
                  + ": a ```"
                  + item.lang()
                  + " sample neither run, included nor marked <!-- not run: WHY -->");
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(pagesWithSamples()).contains("docs/http.md", "docs/s3.md", "docs/import.md");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pagesWithSamples")
  void thePagesSamplesRunAsWritten(String page) throws Exception {
    List<Item> items = items(page).stream().filter(Item::runs).toList();
    requireTools(page, items);
    Path work = Files.createDirectories(dir.resolve("work"));
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path launcher = ROOT.resolve("blobkeep").toAbsolutePath();
    String blobkeep = "#!/bin/sh\nexec '" + launcher + "' \"$@\"\n";
    executable(work.resolve("blobkeep"), blobkeep);
    executable(bin.resolve("blobkeep"), blobkeep);
    executable(bin.resolve("curl"), curlWrapper());

    int[] ports = freePorts(2);
    StringBuilder script = new StringBuilder(PRELUDE);
    for (Item item : items) {
      String text =
          item.text()
              .replaceAll("\\b8080\\b", String.valueOf(ports[0]))
              .replaceAll("\\b9000\\b", String.valueOf(ports[1]));
      script.append("echo '== ").append(item.where()).append("' >&2\n");
      switch (item.lang()) {
        case "python" ->
            script
                .append("/usr/bin/python3 - <<'DOCS_PYTHON'\n")
                .append(text)
                .append("\nDOCS_PYTHON\n");
        default -> shell(item, text, script);
      }
    }
    Path file = Files.writeString(dir.resolve("samples.sh"), script, StandardCharsets.UTF_8);

    ScriptRun run = bash(file, work, bin);
    assertThat(run.status())
        .as(
            "%s's samples, as run by %s:%nstdout:%n%s%nstderr:%n%s",
            page, file, run.stdout(), run.stderr())
        .isZero();
  }

  /** Appends a sh sample's lines, with servers sent to the background and curl's status checked. */
  private static void shell(Item item, String text, StringBuilder script) {
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      boolean continued = i > 0 && lines.get(i - 1).endsWith("\\");
      Matcher curl = CURL_LINE.matcher(line);
      if (!continued && SERVE.matcher(line).matches()) {
        assertThat(line)
            .as("%s: a served sample names its --port", item.where())
            .contains("--port ");
        script.append("{\nexec ").append(line).append("\n} &\ndocs_servers+=($!)\n");
        for (String option : List.of("--port", "--s3-port")) {
          Matcher port = Pattern.compile(option + "\\s+(\\d+)").matcher(line);
          if (port.find()) {
            script.append("docs_wait ").append(port.group(1)).append(" $!\n");
          }
        }
      } else if (!continued && !line.endsWith("\\") && curl.matches()) {
        script.append("export DOCS_EXPECT=").append(curl.group(1)).append('\n');
        script.append(line).append("\nexport DOCS_EXPECT=\n");
      } else {
        script.append(line).append('\n');
      }
    }
  }

  private static final String PRELUDE =
      """
      set -euo pipefail
      docs_servers=()
      docs_stop() {
        for p in "${docs_servers[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
      }
      trap docs_stop EXIT
      # Waits until the server $2 answers on port $1 (a minute at most).
      docs_wait() {
        for _ in $(seq 600); do
          if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
          if ! kill -0 "$2" 2>/dev/null; then echo "docs: the server ended before port $1 answered" >&2; return 1; fi
          sleep 0.1
        done
        echo "docs: port $1 did not answer in a minute" >&2
        return 1
      }
      """;

  /** The real curl, failing on a status the sample does not expect ($DOCS_EXPECT, else < 400). */
  private static String curlWrapper() {
    String real = Files.isExecutable(Path.of("/usr/bin/curl")) ? "/usr/bin/curl" : "curl";
    return """
        #!/usr/bin/env bash
        headers=$(mktemp)
        trap 'rm -f "$headers"' EXIT
        %s -D "$headers" "$@" || exit
        status=$(tr -d '\\r' <"$headers" | sed -n 's#^HTTP/[0-9.]* \\([0-9][0-9][0-9]\\).*#\\1#p' | tail -n 1)
        if [[ -n ${DOCS_EXPECT:-} ]]; then
          [[ $status == "$DOCS_EXPECT" ]] && exit 0
          echo "docs: HTTP $status where the sample says $DOCS_EXPECT: curl $*" >&2
          exit 22
        fi
        if [[ -z $status || $status -ge 400 ]]; then
          echo "docs: HTTP ${status:-(none)}: curl $*" >&2
          exit 22
        fi
        """
        .formatted(real);
  }

  /** Skips the page (fails it under CI=true) when a program its samples call is missing. */
  private static void requireTools(String page, List<Item> items) throws Exception {
    TreeSet<String> missing = new TreeSet<>();
    for (Item item : items) {
      if (item.lang().equals("python")) {
        if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
          missing.add("/usr/bin/python3");
        } else if (item.text().contains("boto3") && !pythonImports("boto3")) {
          missing.add("boto3 for /usr/bin/python3");
        }
        continue;
      }
      Matcher tool = TOOL.matcher(item.text());
      while (tool.find()) {
        if (!Files.isExecutable(Path.of("/usr/bin", tool.group(1)))) {
          missing.add("/usr/bin/" + tool.group(1));
        }
      }
    }
    if (!missing.isEmpty()) {
      String why =
          page + " runs " + String.join(", ", missing) + ", not installed (.ci/run installs them)";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(why);
      }
      Assumptions.abort(why);
    }
  }

  private static boolean pythonImports(String module) throws Exception {
    Process p =
        new ProcessBuilder("/usr/bin/python3", "-c", "import " + module)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    return p.waitFor(1, TimeUnit.MINUTES) && p.exitValue() == 0;
  }

  /**
   * Runs the script from {@code work} (also {@code $HOME}), {@code bin} first on the path, with no
   * setting of the user's that the samples' programs read; stops it and whatever it started after
   * five minutes.
   */
  private static ScriptRun bash(Path script, Path work, Path bin) throws Exception {
    return ScriptRun.of(
        work,
        k ->
            k.startsWith("BLOBKEEP_")
                || k.startsWith("AWS_")
                || k.startsWith("RCLONE_")
                || k.startsWith("S3CMD")
                || k.startsWith("XDG_"), // rclone's configuration goes to $HOME/.config
        Map.of(
            "HOME", work.toString(),
            "JAVA_HOME", System.getProperty("java.home"),
            "PATH", bin + ":/usr/bin:/bin:" + System.getenv().getOrDefault("PATH", "")),
        List.of("bash", script.toString()));
  }

  static List<String> pagesWithSamples() throws Exception {
    List<String> pages = new ArrayList<>();
    for (String page : pages()) {
      if (items(page).stream().anyMatch(i -> i.runs() && !i.lang().equals("setup"))) {
        pages.add(page);
      }
    }
    return pages;
  }

  private static List<String> pages() throws IOException {
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      return docs.filter(p -> p.toString().endsWith(".md"))
          .map(p -> ROOT.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  private static List<Item> items(String page) throws IOException {
    String text = Files.readString(ROOT.resolve(page), StandardCharsets.UTF_8);
    List<Item> items = new ArrayList<>();
    Matcher m = ITEM.matcher(text);
    while (m.find()) {
      long line = 1 + text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
      if (m.group(1) != null) {
        items.add(new Item(page, line, "setup", null, null, m.group(1)));
      } else {
        items.add(new Item(page, line, m.group(4), m.group(2), m.group(3), m.group(5)));
      }
    }
    return items;
  }

  private static void executable(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** {@code n} ports free at the moment (held together, so distinct). */
  private static int[] freePorts(int n) throws IOException {
    ServerSocket[] sockets = new ServerSocket[n];
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        sockets[i] = new ServerSocket(0);
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket s : sockets) {
        if (s != null) {
          s.close();
        }
      }
    }
  }
}
