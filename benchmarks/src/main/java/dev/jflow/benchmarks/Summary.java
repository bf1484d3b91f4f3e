package dev.jflow.benchmarks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The measured rounds of one side.
 *
 * @param side the side's name
 * @param rounds every measured round, in the order run
 */
record Summary(String side, List<RoundResult> rounds) {

  /** The round with the median wall time (the lower median for an even count). */
  RoundResult median() {
    List<RoundResult> sorted = new ArrayList<>(rounds);
    sorted.sort(Comparator.comparingLong(RoundResult::wallNanos));
    return sorted.get((sorted.size() - 1) / 2);
  }

  /** The largest server-side peak heap over the rounds, in bytes. */
  long serverPeakBytes() {
    return rounds.stream().mapToLong(RoundResult::serverPeakBytes).max().orElse(0);
  }

  /** The largest client-side peak heap over the rounds, in bytes. */
  long clientPeakBytes() {
    return rounds.stream().mapToLong(RoundResult::clientPeakBytes).max().orElse(0);
  }

  /** (slowest − fastest) ÷ median wall time over the rounds: how noisy they were. */
  double spread() {
    long min = rounds.stream().mapToLong(RoundResult::wallNanos).min().orElse(0);
    long max = rounds.stream().mapToLong(RoundResult::wallNanos).max().orElse(0);
    return (max - min) / (double) median().wallNanos();
  }
}
