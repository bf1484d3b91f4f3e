package dev.jflow.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The whole suite in one command: each scenario S1-S11 and T1 (telemetry overhead) in a JVM of its own (which starts its servers in
 * JVMs of their own), then the JMH micro-benchmarks with short settings, then the tables. The report
 * goes to stdout and to {@code benchmarks/target/results.md}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.jflow.benchmarks.Suite [--quick] [--only S1,S3,T1] [--no-jmh] [--jmh-only]
 *     [--out FILE] [--wait-quiet SECONDS] [--jfr DIR]
 * java -cp benchmarks/target/benchmarks.jar dev.jflow.benchmarks.Suite --soak MINUTES [--out FILE]
 * </pre>
 * With {@code --soak} it runs {@link Soak} instead, for that many minutes.
 */
public final class Suite {
  /** A JMH fork's JVM options: quiet logs, a heap as large as the vector benchmark needs. */
  static final String QUIET = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn";
  /**
   * Every benchmark JVM's option for the Vector API, which flow-executors' exact search uses when present
   * ({@code VectorKernels}); the JVM then prints one "WARNING: Using incubator modules" line on stderr.
   */
  static final String VECTOR_API = "--add-modules=jdk.incubator.vector";

  private final boolean quick;
  private final List<Row> rows = new ArrayList<>();
  private final List<Verdict> verdicts = new ArrayList<>();
  private final List<Report.Micro> micro = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private final List<String> timings = new ArrayList<>();

  private long quietBudgetNanos;
  private final Path jfr;

  private Suite(boolean quick, int waitQuietSeconds, Path jfr) {
    this.quick = quick;
    this.jfr = jfr;
    this.quietBudgetNanos = TimeUnit.SECONDS.toNanos(waitQuietSeconds);
  }

  /** Runs the suite; exits 1 when a scenario failed. */
  public static void main(String[] args) throws Exception {
    List<String> a = Arrays.asList(args);
    if (a.contains("--soak")) {
      System.exit(Soak.main(args));
    }
    if (a.contains("--help") || a.contains("-h")) {
      System.out.println("usage: Suite [--quick] [--only S1,S3,...,T1] [--no-jmh] [--jmh-only] [--out FILE] [--wait-quiet 120] [--jfr DIR]");
      System.out.println("  --only: scenarios " + String.join(", ", Scenario.ALL) + " (T1: telemetry overhead on S1's and S3's load)");
      System.out.println("  --jfr DIR: every scenario JVM and server JVM records a JFR profile into DIR (read them with JfrTop)");
      System.out.println("  --wait-quiet S: before each scenario, wait while Maven or Surefire JVMs run, at most S seconds in all");
      System.out.println("   or: Suite --soak MINUTES [--out FILE]: the soak (gateways under mixed, slow and reconnecting clients; see Soak)");
      return;
    }
    boolean quick = a.contains("--quick");
    List<String> only = Scenario.ALL;
    int waitQuiet = 120;
    Path jfr = null;
    Path out = Files.isDirectory(Path.of("benchmarks", "target")) ? Path.of("benchmarks", "target", "results.md") : Path.of("results.md");
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--only")) {
        try {
          only = only(args[i + 1]);
        } catch (IllegalArgumentException e) {
          System.err.println(e.getMessage());
          System.exit(2);
        }
      } else if (args[i].equals("--out")) {
        out = Path.of(args[i + 1]);
      } else if (args[i].equals("--wait-quiet")) {
        waitQuiet = Integer.parseInt(args[i + 1]);
      } else if (args[i].equals("--jfr")) {
        jfr = Path.of(args[i + 1]).toAbsolutePath();
        Files.createDirectories(jfr);
      }
    }
    Suite suite = new Suite(quick, waitQuiet, jfr);
    long t0 = System.nanoTime();
    String machine = machine();
    System.out.println(machine);
    if (!a.contains("--jmh-only")) {
      for (String s : only) {
        suite.scenario(s);
      }
    }
    if (!a.contains("--no-jmh")) {
      suite.jmh();
    }
    String report = suite.report(machine, (System.nanoTime() - t0) / 1e9);
    System.out.println();
    System.out.println(report);
    Files.writeString(out, report, StandardCharsets.UTF_8);
    System.out.println("written to " + out);
    System.exit(suite.problems.stream().anyMatch(p -> p.contains("failed")) ? 1 : 0);
  }

  /**
   * The scenarios {@code --only} names, comma-separated, in any case.
   *
   * @throws IllegalArgumentException naming every unknown one and the known ones
   */
  static List<String> only(String value) {
    List<String> named = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String s : value.toUpperCase(Locale.ROOT).split(",")) {
      String id = s.trim();
      if (id.isEmpty()) {
        continue;
      }
      (Scenario.ALL.contains(id) ? named : unknown).add(id);
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("--only: unknown scenario(s) " + String.join(",", unknown) + " in '" + value
          + "'; known: " + String.join(",", Scenario.ALL));
    }
    if (named.isEmpty()) {
      throw new IllegalArgumentException("--only needs at least one scenario, e.g. --only S1,T1; known: " + String.join(",", Scenario.ALL));
    }
    return named;
  }

  /** Runs one scenario in a JVM of its own, echoing its progress and keeping its rows and verdicts. */
  void scenario(String id) throws IOException, InterruptedException {
    waitQuiet();
    String busy = otherBuilds();
    System.out.printf(Locale.ROOT, "%n== %s (load %.2f%s)%n", id, load(), busy.isEmpty() ? "" : "; other builds running: " + busy);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Scenario.jvmOptions(id, quick));
    command.add(QUIET);
    command.add(VECTOR_API);
    if (jfr != null) {
      command.add("-D" + Peer.JFR_PROPERTY + "=" + jfr);
      command.add("-XX:StartFlightRecording=settings=profile,filename=" + jfr.resolve(id + "-client.jfr"));
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Scenario.class.getName());
    command.add(id);
    if (quick) {
      command.add("--quick");
    }
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    Thread reader = new Thread(() -> read(p), "scenario-" + id);
    reader.start();
    boolean finished = p.waitFor(Scenario.timeoutSeconds(id, quick), TimeUnit.SECONDS);
    if (!finished) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    reader.join(10_000);
    double seconds = (System.nanoTime() - t0) / 1e9;
    timings.add(String.format(Locale.ROOT, "%s %.0f s", id, seconds));
    if (!finished) {
      problems.add(id + " failed: timed out after " + Math.round(seconds) + " s");
    } else if (p.exitValue() != 0) {
      problems.add(id + " failed: exit code " + p.exitValue() + " (its output is above)");
    }
    if (!busy.isEmpty() || !otherBuilds().isEmpty()) {
      problems.add(id + " ran while other builds ran on the machine: " + (busy.isEmpty() ? otherBuilds() : busy));
    }
  }

  /** Waits while other builds run, as long as the budget for waiting lasts. */
  private void waitQuiet() throws InterruptedException {
    String busy = otherBuilds();
    if (busy.isEmpty() || quietBudgetNanos <= 0) {
      return;
    }
    System.out.printf(Locale.ROOT, "waiting up to %d s for other builds to end: %s%n", TimeUnit.NANOSECONDS.toSeconds(quietBudgetNanos), busy);
    long t0 = System.nanoTime();
    while (!otherBuilds().isEmpty() && System.nanoTime() - t0 < quietBudgetNanos) {
      Thread.sleep(2_000);
    }
    quietBudgetNanos -= System.nanoTime() - t0;
  }

  private void read(Process p) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (line.startsWith(Row.TAG + "\t")) {
          Row r = Row.decode(line);
          rows.add(r);
          if (r.note().startsWith("skipped")) {
            problems.add(r.scenario() + " " + r.note());
          }
        } else if (line.startsWith(Verdict.TAG + "\t")) {
          verdicts.add(Verdict.decode(line));
        } else {
          System.out.println("  | " + line);
        }
      }
    } catch (IOException e) {
      System.out.println("  | (output lost: " + e + ")");
    }
  }

  /** The JMH micro-benchmarks, one fork each, short iterations. */
  void jmh() throws Exception {
    waitQuiet();
    System.out.printf(Locale.ROOT, "%n== JMH (load %.2f)%n", load());
    long t0 = System.nanoTime();
    ChainedOptionsBuilder o = new OptionsBuilder()
        .include(CodecBenchmark.class.getName())
        .include(HopBenchmark.class.getName())
        .include(VectorQueryBenchmark.class.getName())
        .mode(Mode.AverageTime)
        .timeUnit(TimeUnit.MICROSECONDS)
        .forks(1)
        .jvmArgsAppend(QUIET, VECTOR_API)
        .verbosity(VerboseMode.SILENT)
        .resultFormat(ResultFormatType.JSON)
        .result(Files.isDirectory(Path.of("benchmarks", "target")) ? "benchmarks/target/jmh.json" : "jmh.json");
    if (quick) {
      o.warmupIterations(1).warmupTime(TimeValue.milliseconds(100)).measurementIterations(1).measurementTime(TimeValue.milliseconds(100))
          .param("shape", "100x128").param("rows", "1000");
    } else {
      o.warmupIterations(2).warmupTime(TimeValue.seconds(1)).measurementIterations(3).measurementTime(TimeValue.seconds(1));
    }
    for (RunResult r : new Runner(o.build()).run()) {
      String name = r.getParams().getBenchmark().replace(Suite.class.getPackageName() + ".", "");
      List<String> params = new ArrayList<>();
      for (String key : r.getParams().getParamsKeys()) {
        params.add(key + "=" + r.getParams().getParam(key));
      }
      Report.Micro m = new Report.Micro(name, String.join(", ", params), r.getPrimaryResult().getScore(),
          r.getPrimaryResult().getScoreError(), r.getPrimaryResult().getScoreUnit());
      micro.add(m);
      System.out.printf(Locale.ROOT, "  %-40s %-28s %12.2f ± %.2f %s%n", m.benchmark(), m.params(), m.score(), m.error(), m.unit());
    }
    timings.add(String.format(Locale.ROOT, "JMH %.0f s", (System.nanoTime() - t0) / 1e9));
  }

  String report(String machine, double seconds) {
    StringBuilder b = new StringBuilder();
    b.append("# JFlow benchmark results, ").append(LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME.withLocale(Locale.ROOT)))
        .append(quick ? " (QUICK: tiny sizes, not for comparison)" : "").append("\n\n");
    b.append(machine).append("\n");
    b.append(String.format(Locale.ROOT, "Suite wall time %.0f s (%s).%n%n", seconds, String.join(", ", timings)));
    if (!problems.isEmpty()) {
      b.append(Report.problems(problems)).append("\n");
    }
    b.append("## Targets\n\n").append(Report.verdicts(verdicts)).append("\n");
    b.append("## Scenarios (median round)\n\n").append(Report.rows(rows)).append("\n");
    if (!micro.isEmpty()) {
      b.append("## JMH (average time per operation)\n\n").append(Report.micro(micro));
    }
    return b.toString();
  }

  /** Cores, memory, CPU model, OS and Java, as one paragraph. */
  static String machine() {
    com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    String cpu = "";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("");
    } catch (IOException | RuntimeException e) {
      // not Linux: the model stays unknown
    }
    return String.format(Locale.ROOT, "Machine: %d cores%s, %.0f GiB, %s %s; Java %s (%s %s).", Runtime.getRuntime().availableProcessors(),
        cpu.isEmpty() ? "" : " (" + cpu + ")", os.getTotalMemorySize() / (double) (1L << 30), System.getProperty("os.name"),
        System.getProperty("os.version"), System.getProperty("java.runtime.version"), System.getProperty("java.vm.name"),
        System.getProperty("java.vm.vendor"));
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** Maven and Surefire JVMs running on the machine (other builds that would disturb the numbers). */
  static String otherBuilds() {
    List<String> found = new ArrayList<>();
    long self = ProcessHandle.current().pid();
    ProcessHandle.allProcesses().filter(p -> p.pid() != self).forEach(p -> p.info().commandLine().ifPresent(c -> {
      if (c.contains("surefire") || c.contains("plexus-classworlds")) {
        found.add(p.pid() + (c.contains("surefire") ? " (surefire)" : " (maven)"));
      }
    }));
    return String.join(", ", found);
  }
}
