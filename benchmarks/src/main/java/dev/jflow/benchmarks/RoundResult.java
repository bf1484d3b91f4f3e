package dev.jflow.benchmarks;

import java.util.Arrays;

/**
 * One measured round: its wall time and each request's latency (send to response).
 *
 * @param wallNanos from the first send to the last response
 * @param docs documents sent
 * @param latencyNanos one entry per request, by request index
 * @param cpuNanos CPU time the client and server processes used during the round (every thread, GC and JIT included), or 0 when unknown
 * @param serverPeakBytes the peak heap use of the server processes during the round, summed over them, or 0 when unknown
 * @param clientPeakBytes how far the client process's heap use rose during the round (its payload built before is not counted), or 0 when unknown
 */
record RoundResult(long wallNanos, int docs, long[] latencyNanos, long cpuNanos, long serverPeakBytes, long clientPeakBytes) {

  /** A round whose CPU time and heap are not known yet. */
  RoundResult(long wallNanos, int docs, long[] latencyNanos) {
    this(wallNanos, docs, latencyNanos, 0, 0, 0);
  }

  /** This round with its CPU time. */
  RoundResult withCpuNanos(long cpu) {
    return new RoundResult(wallNanos, docs, latencyNanos, cpu, serverPeakBytes, clientPeakBytes);
  }

  /** This round with its peak heap use on the server and client side. */
  RoundResult withHeap(long serverPeak, long clientPeak) {
    return new RoundResult(wallNanos, docs, latencyNanos, cpuNanos, serverPeak, clientPeak);
  }

  /** CPU time per request, in microseconds: what one request costs across client, server and GC. */
  double cpuMicrosPerRequest() {
    return cpuNanos / 1e3 / requests();
  }

  /** Requests answered. */
  int requests() {
    return latencyNanos.length;
  }

  /** Wall time in milliseconds. */
  double wallMillis() {
    return wallNanos / 1e6;
  }

  /** Documents per second. */
  double docsPerSecond() {
    return docs / (wallNanos / 1e9);
  }

  /** Requests per second. */
  double requestsPerSecond() {
    return requests() / (wallNanos / 1e9);
  }

  /** The latency at quantile {@code q} (nearest rank), in milliseconds. */
  double latencyMillis(double q) {
    return quantile(latencyNanos, q) / 1e6;
  }

  /** The value at quantile {@code q} (nearest rank) of {@code values}. */
  static long quantile(long[] values, double q) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
