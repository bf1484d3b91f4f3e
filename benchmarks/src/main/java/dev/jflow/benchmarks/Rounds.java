package dev.jflow.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the rounds of several sides: untimed warm-up rounds, then measured rounds that alternate
 * between the sides, each after a full GC in this JVM, with the CPU time and peak heap of this JVM and
 * of each side's server processes recorded per round.
 */
final class Rounds {
  private Rounds() {}

  /** Warms up and measures {@code contenders}; progress goes to {@code log}. */
  static List<Summary> measure(List<Contender> contenders, int warmup, int rounds, PrintStream log) throws Exception {
    // warm-up alternates too: the sides share grpc-java, Netty and protobuf code, whose JIT profiles
    // should settle on every side's traffic before anything is measured
    for (int i = 0; i < warmup; i++) {
      for (Contender c : contenders) {
        RoundResult r = c.side().round();
        log.printf(Locale.ROOT, "  warm-up %d %-34s %9.1f ms%n", i + 1, c.side().name(), r.wallMillis());
      }
    }
    List<List<RoundResult>> measured = new ArrayList<>();
    contenders.forEach(c -> measured.add(new ArrayList<>()));
    try (HeapMeter client = new HeapMeter()) {
      for (int round = 0; round < rounds; round++) {
        for (int i = 0; i < contenders.size(); i++) {
          Contender c = contenders.get(i);
          System.gc();
          c.servers().forEach(Peer::mark);
          client.reset();
          RoundResult r = c.side().round();
          long cpu = client.cpuNanos();
          StringBuilder cpus = new StringBuilder(String.format(Locale.ROOT, "client %.0f", cpu / 1e6));
          long serverPeak = 0;
          for (Peer p : c.servers()) {
            Peer.Stats s = p.stats();
            cpu += s.cpuNanos();
            serverPeak += s.peakUsed();
            cpus.append(String.format(Locale.ROOT, ", %s %.0f", p.name(), s.cpuNanos() / 1e6));
          }
          r = r.withCpuNanos(cpu).withHeap(serverPeak, client.peakGrowth());
          measured.get(i).add(r);
          log.printf(Locale.ROOT, "  round %d   %-34s %9.1f ms  (CPU ms: %s)%n", round + 1, c.side().name(), r.wallMillis(), cpus);
        }
      }
    }
    List<Summary> out = new ArrayList<>();
    for (int i = 0; i < contenders.size(); i++) {
      out.add(new Summary(contenders.get(i).side().name(), measured.get(i)));
    }
    return out;
  }
}
