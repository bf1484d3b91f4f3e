package dev.jflow.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One look at a gateway JVM during the soak: the heap still in use after a full GC (the JVM reports
 * it, see {@link Peer#liveAfterFullGc()}), and its resident memory and thread count from
 * {@code /proc/<pid>/status} ({@code VmRSS}, {@code Threads}; -1 where there is no {@code /proc}).
 */
record GatewaySample(long heapAfterGc, long rssBytes, int threads) {

  static GatewaySample of(Peer gateway) {
    long heap = gateway.liveAfterFullGc();
    List<String> status;
    try {
      status = Files.readAllLines(Path.of("/proc", String.valueOf(gateway.pid()), "status"));
    } catch (IOException e) {
      status = List.of();
    }
    return parse(heap, status);
  }

  /** From the lines of {@code /proc/<pid>/status}: {@code VmRSS:  123456 kB} and {@code Threads:  42}. */
  static GatewaySample parse(long heapAfterGc, List<String> status) {
    long rss = -1;
    int threads = -1;
    for (String line : status) {
      String[] f = line.trim().split("\\s+");
      if (f[0].equals("VmRSS:") && f.length >= 2) {
        rss = Long.parseLong(f[1]) * 1024;
      } else if (f[0].equals("Threads:") && f.length >= 2) {
        threads = Integer.parseInt(f[1]);
      }
    }
    return new GatewaySample(heapAfterGc, rss, threads);
  }
}
