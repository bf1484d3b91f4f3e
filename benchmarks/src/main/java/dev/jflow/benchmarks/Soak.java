package dev.jflow.benchmarks;

import dev.jflow.api.Client;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code benchmarks/run --soak MINUTES}: two gateway JVMs (gRPC and WebSocket, each a Flow of one
 * {@code VectorIndexer} pod, {@code -Xmx256m}) under a steady mixed load (index, search, update and
 * delete through JFlow clients), a slow client on each protocol and a reconnecting client, all from
 * this JVM. Every minute, and at the end, it prints a row: what each workload did, and each gateway's
 * heap after a full GC, RSS and threads. Then the table and a verdict go to stdout and to the
 * {@code --out} file. Exits 1 if anything unexpected failed. Not run by CI.
 */
final class Soak {
  static final List<String> SERVER_JVM = List.of("-Xms64m", "-Xmx256m");
  /** Mixed-load loops per protocol, each with one call (a few requests) in flight. */
  static final int LOOPS = 3;

  private final Options options;
  private final PrintStream out;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Tally mixed = new Tally("mixed");
  private final Tally slow = new Tally("slow");
  private final Tally reconnect = new Tally("reconnect");

  /** The soak's command line: {@code --soak MINUTES} (fractions allowed), {@code --out FILE}. */
  record Options(double minutes, Path out) {
    static final Path DEFAULT_OUT = Files.isDirectory(Path.of("benchmarks", "target"))
        ? Path.of("benchmarks", "target", "soak.md") : Path.of("soak.md");

    /** Reads {@code args}; throws IllegalArgumentException naming the bad value. */
    static Options parse(String... args) {
      Double minutes = null;
      Path out = DEFAULT_OUT;
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("--soak") || args[i].equals("--out")) {
          if (i + 1 == args.length) {
            throw new IllegalArgumentException(args[i] + " needs a value");
          }
          String value = args[++i];
          if (args[i - 1].equals("--out")) {
            out = Path.of(value);
            continue;
          }
          try {
            minutes = Double.parseDouble(value);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--soak takes minutes, such as 10 or 0.5; got '" + value + "'");
          }
          if (!(minutes > 0) || minutes.isInfinite()) {
            throw new IllegalArgumentException("--soak takes a positive number of minutes; got '" + value + "'");
          }
        } else {
          throw new IllegalArgumentException("--soak takes only --out FILE besides its minutes; got '" + args[i] + "'");
        }
      }
      if (minutes == null) {
        throw new IllegalArgumentException("--soak MINUTES is missing");
      }
      return new Options(minutes, out);
    }
  }

  Soak(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Runs the soak for {@code args} (see {@link Options}); returns the exit code. */
  static int main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("benchmarks/run --soak: " + e.getMessage());
      System.err.println("usage: benchmarks/run --soak MINUTES [--out FILE]");
      return 2;
    }
    return new Soak(options, System.out).run();
  }

  int run() throws Exception {
    out.println(Suite.machine());
    out.printf(Locale.ROOT, "Soak for %s min: gRPC and WebSocket gateways (VectorIndexer, %s) under %d mixed loops each,"
        + " a slow client each, a reconnecting client.%n", options.minutes(), String.join(" ", SERVER_JVM), LOOPS);
    int grpcPort = freePort();
    int wsPort = freePort();
    List<SoakRow> rows = new ArrayList<>();
    List<Tally.Counts> totals;
    try (Peer grpc = Peer.start(SERVER_JVM, "flow", "--protocol", "grpc", "--indexer", "vector", "--port", String.valueOf(grpcPort));
        Peer ws = Peer.start(SERVER_JVM, "flow", "--protocol", "websocket", "--indexer", "vector", "--port", String.valueOf(wsPort));
        Client grpcClient = Client.connect("grpc", "127.0.0.1", grpcPort);
        Client wsClient = Client.connect("websocket", "127.0.0.1", wsPort)) {
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < LOOPS; i++) {
        threads.add(start("soak-mixed-grpc-" + i, new MixedLoad(grpcClient, mixed.labelled("grpc"), 100 + i, running::get)));
        threads.add(start("soak-mixed-ws-" + i, new MixedLoad(wsClient, mixed.labelled("ws"), 200 + i, running::get)));
      }
      threads.add(start("soak-slow-grpc", new SlowGrpc(grpcPort, slow.labelled("grpc"), 300, running::get)));
      threads.add(start("soak-slow-ws", new SlowWs(wsPort, slow.labelled("ws"), 400, running::get)));
      threads.add(start("soak-reconnect", new Reconnects(grpcPort, wsPort, reconnect, 500, running::get)));

      out.println();
      out.println(SoakRow.HEADER);
      long t0 = System.nanoTime();
      long end = t0 + (long) (options.minutes() * 60e9);
      List<Tally.Counts> before = List.of(Tally.Counts.ZERO, Tally.Counts.ZERO, Tally.Counts.ZERO);
      for (int minute = 1; ; minute++) {
        long at = Math.min(end, t0 + TimeUnit.MINUTES.toNanos(minute));
        TimeUnit.NANOSECONDS.sleep(Math.max(0, at - System.nanoTime()));
        List<Tally.Counts> now = List.of(mixed.counts(), slow.counts(), reconnect.counts());
        SoakRow row = new SoakRow((at - t0) / 60e9, now.get(0).minus(before.get(0)), now.get(1).minus(before.get(1)),
            now.get(2).minus(before.get(2)), GatewaySample.of(grpc), GatewaySample.of(ws));
        rows.add(row);
        out.println(row.markdown());
        before = now;
        if (at == end) {
          break;
        }
      }
      running.set(false);
      for (Thread t : threads) {
        t.join(TimeUnit.SECONDS.toMillis(90));
        if (t.isAlive()) {
          out.println("still running after 90 s: " + t.getName());
          mixed.error("stuck thread " + t.getName());
        }
      }
      totals = List.of(mixed.counts(), slow.counts(), reconnect.counts());
    }
    long errors = totals.stream().mapToLong(Tally.Counts::errorTotal).sum();
    String verdict = SoakRow.verdict(rows, totals);
    StringBuilder report = new StringBuilder();
    report.append(Suite.machine()).append("\n\n").append(SoakRow.HEADER).append('\n');
    rows.forEach(r -> report.append(r.markdown()).append('\n'));
    report.append('\n').append(verdict).append('\n');
    out.println();
    out.println(report);
    Files.writeString(options.out(), report, StandardCharsets.UTF_8);
    out.println("written to " + options.out());
    return errors == 0 ? 0 : 1;
  }

  private static Thread start(String name, Runnable loop) {
    Thread t = new Thread(loop, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
