package dev.jflow.benchmarks;

import dev.jflow.api.FlowException;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one soak workload did: requests answered, requests the gateway shed (RESOURCE_EXHAUSTED, or a
 * WebSocket closed with 1008/1009 for a client that does not read), calls the client itself cut short
 * on purpose, and unexpected errors counted by status code. Thread-safe.
 */
final class Tally {
  private final String name;
  private final LongAdder done = new LongAdder();
  private final LongAdder shed = new LongAdder();
  private final LongAdder cancels = new LongAdder();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

  Tally(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  void done(long n) {
    done.add(n);
  }

  void shed() {
    shed.increment();
  }

  void cancelled() {
    cancels.increment();
  }

  /** An unexpected failure, counted under {@code code} (a status code name or {@code ws-<close code>}). */
  void error(String code) {
    errors.computeIfAbsent(code, c -> new LongAdder()).increment();
  }

  /** One response of a JFlow call: answered, shed or an unexpected error by its status code. */
  void response(Response r) {
    if (!r.isError()) {
      done(1);
    } else if (r.status().code() == Status.Code.RESOURCE_EXHAUSTED) {
      shed();
    } else {
      error(r.status().code().name());
    }
  }

  /** A call that failed: shed when the gateway said RESOURCE_EXHAUSTED, else an error by its code or type. */
  void failure(Throwable t) {
    Status.Code code = codeOf(t);
    if (code == Status.Code.RESOURCE_EXHAUSTED) {
      shed();
    } else {
      error(code != null ? code.name() : rootOf(t).getClass().getSimpleName());
    }
  }

  /** The JFlow status code of {@code t} or of a cause, or null. */
  static Status.Code codeOf(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof FlowException) {
        return ((FlowException) c).code();
      }
    }
    return null;
  }

  private static Throwable rootOf(Throwable t) {
    Throwable c = t;
    while ((c instanceof ExecutionException || c instanceof CompletionException) && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }

  /** The counts so far. */
  Counts counts() {
    Map<String, Long> e = new TreeMap<>();
    errors.forEach((k, v) -> e.put(k, v.sum()));
    return new Counts(done.sum(), shed.sum(), cancels.sum(), Map.copyOf(e));
  }

  /** A snapshot of a tally; {@link #minus} gives what happened between two snapshots. */
  record Counts(long done, long shed, long cancels, Map<String, Long> errors) {
    static final Counts ZERO = new Counts(0, 0, 0, Map.of());

    long errorTotal() {
      return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    Counts minus(Counts before) {
      Map<String, Long> e = new TreeMap<>();
      errors.forEach((k, v) -> {
        long d = v - before.errors.getOrDefault(k, 0L);
        if (d != 0) {
          e.put(k, d);
        }
      });
      return new Counts(done - before.done, shed - before.shed, cancels - before.cancels, Map.copyOf(e));
    }
  }
}
