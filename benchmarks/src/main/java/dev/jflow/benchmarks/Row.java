package dev.jflow.benchmarks;

import java.util.Locale;

/**
 * One line of the results table: a side of a scenario and what it measured. Numbers unknown or
 * meaningless for the scenario are NaN. Travels from a scenario's JVM to {@link Suite} as one
 * tab-separated line starting with {@code ROW}.
 *
 * @param scenario S1 ... S9
 * @param side what ran, e.g. {@code JFlow (grpc, 2 pods)} or {@code raw grpc-java echo}
 * @param docsPerSecond documents per second
 * @param requestsPerSecond requests per second
 * @param p50Millis median latency, ms
 * @param p99Millis 99th percentile latency, ms
 * @param cpuMicrosPerRequest CPU time of every process involved per request, µs
 * @param serverHeapMb peak heap use of the server processes, summed, MB
 * @param clientHeapMb peak heap use (or rise) of the client, MB
 * @param note anything else: spread of the rounds, sizes, the command
 */
record Row(String scenario, String side, double docsPerSecond, double requestsPerSecond, double p50Millis, double p99Millis,
    double cpuMicrosPerRequest, double serverHeapMb, double clientHeapMb, String note) {
  static final String TAG = "ROW";

  /** The median round of {@code s}, with the largest peaks over its rounds and its spread in the note. */
  static Row of(String scenario, Summary s, String note) {
    RoundResult m = s.median();
    String spread = String.format(Locale.ROOT, "%d rounds, spread %.0f%%", s.rounds().size(), 100 * s.spread());
    return new Row(scenario, s.side(), m.docsPerSecond(), m.requestsPerSecond(), m.latencyMillis(0.5), m.latencyMillis(0.99),
        m.cpuMicrosPerRequest(), s.serverPeakBytes() / 1e6, s.clientPeakBytes() / 1e6, note.isEmpty() ? spread : spread + "; " + note);
  }

  /** This row as one tab-separated line. */
  String encode() {
    return String.join("\t", TAG, scenario, side, num(docsPerSecond), num(requestsPerSecond), num(p50Millis), num(p99Millis),
        num(cpuMicrosPerRequest), num(serverHeapMb), num(clientHeapMb), note);
  }

  /** The row {@link #encode()} wrote. */
  static Row decode(String line) {
    String[] f = line.split("\t", -1);
    return new Row(f[1], f[2], Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
        Double.parseDouble(f[7]), Double.parseDouble(f[8]), Double.parseDouble(f[9]), f[10]);
  }

  static String num(double v) {
    return Double.toString(v);
  }
}
