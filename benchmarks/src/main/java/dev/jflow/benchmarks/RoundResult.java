package dev.jflow.benchmarks;

import java.util.Arrays;

/**
 * One measured round: its wall time and each request's latency (send to response).
 *
 * @param wallNanos from the first send to the last response
 * @param docs documents sent
 * @param latencyNanos one entry per request, by request index
 * @param cpuNanos CPU time the whole process used during the round (every thread, GC and JIT included), or 0 when unknown
 */
record RoundResult(long wallNanos, int docs, long[] latencyNanos, long cpuNanos) {

  /** A round whose CPU time is not known yet. */
  RoundResult(long wallNanos, int docs, long[] latencyNanos) {
    this(wallNanos, docs, latencyNanos, 0);
  }

  /** This round with its process CPU time. */
  RoundResult withCpuNanos(long cpu) {
    return new RoundResult(wallNanos, docs, latencyNanos, cpu);
  }

  /** Process CPU time per request, in microseconds: what one request costs across client, server and GC. */
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
    long[] sorted = latencyNanos.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }
}
