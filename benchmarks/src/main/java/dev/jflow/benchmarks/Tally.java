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
  private final String label;
  private final LongAdder done;
  private final LongAdder shed;
  private final LongAdder cancels;
  private final Map<String, LongAdder> errors;

  Tally(String name) {
    this(name, "", new LongAdder(), new LongAdder(), new LongAdder(), new ConcurrentHashMap<>());
  }

  private Tally(String name, String label, LongAdder done, LongAdder shed, LongAdder cancels, Map<String, LongAdder> errors) {
    this.name = name;
    this.label = label;
    this.done = done;
    this.shed = shed;
    this.cancels = cancels;
    this.errors = errors;
  }

  /** The same counts, with errors filed under {@code label + " " + code} (to tell gRPC from WebSocket). */
  Tally labelled(String label) {
    return new Tally(name, label + " ", done, shed, cancels, errors);
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
    error(code, null);
  }

  /** The same, printing {@code detail} the first time this code is seen (to stdout, beside the table). */
  void error(String code, String detail) {
    String key = label + code;
    boolean[] first = new boolean[1];
    errors.computeIfAbsent(key, c -> {
      first[0] = true;
      return new LongAdder();
    }).increment();
    if (first[0]) {
      System.out.println("  (first " + name + " error " + key + (detail == null ? "" : ": " + detail) + ")");
    }
  }

  /** One response of a JFlow call: answered, shed or an unexpected error by its status code. */
  void response(Response r) {
    if (!r.isError()) {
      done(1);
    } else if (r.status().code() == Status.Code.RESOURCE_EXHAUSTED) {
      shed();
    } else {
      error(r.status().code().name(), r.status().description());
    }
  }

  /** A call that failed: shed when the gateway said RESOURCE_EXHAUSTED, else an error by its code or type. */
  void failure(Throwable t) {
    Status.Code code = codeOf(t);
    if (code == Status.Code.RESOURCE_EXHAUSTED) {
      shed();
    } else {
      error(code != null ? code.name() : rootOf(t).getClass().getSimpleName(), String.valueOf(rootOf(t)));
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
