package dev.jflow.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One row of the soak's table: what each workload did since the row before, and how the two gateway
 * JVMs look now. Requests, shed requests, own cancels and errors are counts for the interval; heap,
 * RSS and threads are readings at its end.
 */
record SoakRow(double minute, Tally.Counts mixed, Tally.Counts slow, Tally.Counts reconnect, GatewaySample grpc, GatewaySample ws) {

  static final String HEADER = "| min | mixed req | slow req | reconnect req | shed | own cancels | errors"
      + " | gRPC gw heap MB | gRPC gw RSS MB | gRPC gw threads | WS gw heap MB | WS gw RSS MB | WS gw threads |\n"
      + "|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|";

  List<Tally.Counts> all() {
    return List.of(mixed, slow, reconnect);
  }

  long errorTotal() {
    return all().stream().mapToLong(Tally.Counts::errorTotal).sum();
  }

  /** The row as a markdown table row. */
  String markdown() {
    return String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %,d | %,d | %s | %.1f | %.1f | %d | %.1f | %.1f | %d |",
        minute(minute), mixed.done(), slow.done(), reconnect.done(),
        all().stream().mapToLong(Tally.Counts::shed).sum(), all().stream().mapToLong(Tally.Counts::cancels).sum(),
        errors(), mb(grpc.heapAfterGc()), mb(grpc.rssBytes()), grpc.threads(), mb(ws.heapAfterGc()), mb(ws.rssBytes()), ws.threads());
  }

  /** {@code 0}, or the total and each workload's errors by code: {@code 3: mixed INTERNAL 2, slow ws-1011 1}. */
  private String errors() {
    return errors(all());
  }

  /** The same for the counts of the mixed, slow and reconnecting workloads, in that order. */
  static String errors(List<Tally.Counts> counts) {
    long total = counts.stream().mapToLong(Tally.Counts::errorTotal).sum();
    if (total == 0) {
      return "0";
    }
    List<String> parts = new ArrayList<>();
    String[] names = {"mixed", "slow", "reconnect"};
    for (int i = 0; i < counts.size(); i++) {
      for (Map.Entry<String, Long> e : counts.get(i).errors().entrySet()) {
        parts.add(names[i] + " " + e.getKey() + " " + e.getValue());
      }
    }
    return total + ": " + String.join(", ", parts);
  }

  /**
   * The verdict over {@code rows}: how heap after GC, RSS and threads of each gateway moved from the
   * first row to the last, and the requests, shed requests, own cancels and unexpected errors of the
   * whole run ({@code totals}: mixed, slow, reconnect).
   */
  static String verdict(List<SoakRow> rows, List<Tally.Counts> totals) {
    SoakRow a = rows.get(0);
    SoakRow b = rows.get(rows.size() - 1);
    long requests = totals.stream().mapToLong(Tally.Counts::done).sum();
    long errors = totals.stream().mapToLong(Tally.Counts::errorTotal).sum();
    long inRows = rows.stream().mapToLong(SoakRow::errorTotal).sum();
    return String.format(Locale.ROOT, "Verdict: from minute %s to minute %s, gRPC gateway %s; WebSocket gateway %s; %,d requests,"
        + " %,d shed, %,d own cancels, unexpected errors %s%s: %s.", minute(a.minute()), minute(b.minute()), growth(a.grpc(), b.grpc()),
        growth(a.ws(), b.ws()), requests, totals.stream().mapToLong(Tally.Counts::shed).sum(),
        totals.stream().mapToLong(Tally.Counts::cancels).sum(), errors(totals),
        errors > inRows ? " (" + (errors - inRows) + " of them while the workloads stopped, after the last row)" : "",
        errors == 0 ? "PASS" : "FAIL");
  }

  private static String growth(GatewaySample a, GatewaySample b) {
    return String.format(Locale.ROOT, "heap after GC %+.1f MB (%.1f → %.1f), RSS %+.1f MB (%.1f → %.1f), threads %+d (%d → %d)",
        mb(b.heapAfterGc() - a.heapAfterGc()), mb(a.heapAfterGc()), mb(b.heapAfterGc()),
        mb(b.rssBytes() - a.rssBytes()), mb(a.rssBytes()), mb(b.rssBytes()), b.threads() - a.threads(), a.threads(), b.threads());
  }

  private static String minute(double m) {
    return m == Math.rint(m) ? String.valueOf((long) m) : String.format(Locale.ROOT, "%.2f", m);
  }

  private static double mb(long bytes) {
    return bytes / 1e6;
  }
}
