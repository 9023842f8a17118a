package dev.blobkeep.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the run ran on: the code's commit (as the launcher names it: {@code git describe --always
 * --dirty}, "-dirty" when files differ from it; "unknown" when started otherwise), cores, memory,
 * CPU, OS, JVM, free disk, date and load.
 */
final class Machine {
  private Machine() {}

  /** A description of this machine, with the free space of the file system holding {@code dir}. */
  static Map<String, Object> describe(Path dir) {
    Map<String, Object> m = new LinkedHashMap<>();
    Runtime rt = Runtime.getRuntime();
    m.put("commit", System.getProperty("blobkeep.commit", "unknown"));
    m.put("date", OffsetDateTime.now(ZoneOffset.UTC).withNano(0).toString());
    m.put("cores", rt.availableProcessors());
    m.put("cpu", cpu());
    m.put(
        "memoryBytes",
        ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getTotalMemorySize());
    m.put(
        "os",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    m.put(
        "jvm",
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + " ("
            + System.getProperty("java.vm.vendor")
            + ")");
    m.put("maxHeapBytes", rt.maxMemory());
    // The launcher sets them (docs/sqlite.md): a run without them measures concurrent SQLite
    // writers with glibc's defaults.
    m.put("malloc", mallocSettings());
    try {
      m.put("diskFreeBytes", Files.getFileStore(dir).getUsableSpace());
      m.put("diskTotalBytes", Files.getFileStore(dir).getTotalSpace());
    } catch (IOException e) {
      m.put("diskFreeBytes", -1);
    }
    m.put("loadAverageStart", load());
    return m;
  }

  /** The glibc malloc settings of the environment, as NAME=value words, or "defaults". */
  static String mallocSettings() {
    StringBuilder b = new StringBuilder();
    for (String name :
        new String[] {"MALLOC_ARENA_MAX", "MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_"}) {
      String value = System.getenv(name);
      if (value != null) {
        b.append(b.length() == 0 ? "" : " ").append(name).append('=').append(value);
      }
    }
    return b.length() == 0 ? "defaults" : b.toString();
  }

  /** The 1-minute load average, or -1 if unknown. */
  static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static String cpu() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }
}
