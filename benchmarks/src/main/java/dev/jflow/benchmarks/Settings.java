package dev.jflow.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * What the end-to-end harness sends and how often.
 *
 * @param docs documents per round; default 100,000
 * @param dim float32 embedding dimension; default 128
 * @param requestSize documents per request; default 100
 * @param prefetch requests in flight at once; default 50
 * @param rounds measured rounds per side (the median is reported); default 3
 * @param warmup untimed rounds per side before measuring (JIT warm-up); default 3
 * @param sides which sides run: {@code both}, {@code jflow} or {@code raw}; default both
 * @param timeoutSeconds longest one round may take before the harness gives up; default 600
 */
record Settings(int docs, int dim, int requestSize, int prefetch, int rounds, int warmup, String sides, int timeoutSeconds) {

  /** Checks every field and reports all problems at once. */
  Settings {
    List<String> problems = new ArrayList<>();
    if (docs < 1) {
      problems.add("--docs must be at least 1, got " + docs);
    }
    if (dim < 1) {
      problems.add("--dim must be at least 1, got " + dim);
    }
    if (requestSize < 1) {
      problems.add("--request-size must be at least 1, got " + requestSize);
    }
    if (prefetch < 1) {
      problems.add("--prefetch must be at least 1, got " + prefetch);
    }
    if (rounds < 1) {
      problems.add("--rounds must be at least 1, got " + rounds);
    }
    if (warmup < 0) {
      problems.add("--warmup must be 0 or more, got " + warmup);
    }
    if (!List.of("both", "jflow", "raw").contains(sides)) {
      problems.add("--sides must be both, jflow or raw, got " + sides);
    }
    if (timeoutSeconds < 1) {
      problems.add("--timeout-s must be at least 1, got " + timeoutSeconds);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /** The defaults: 100,000 documents of 128 floats, 100 a request, 50 in flight, 3 warm-up and 3 measured rounds. */
  static Settings defaults() {
    return new Settings(100_000, 128, 100, 50, 3, 3, "both", 600);
  }

  /** Requests one round sends. */
  int requests() {
    return (docs + requestSize - 1) / requestSize;
  }

  /** Whether the JFlow side runs. */
  boolean runsJflow() {
    return !sides.equals("raw");
  }

  /** Whether the raw grpc-java side runs. */
  boolean runsRaw() {
    return !sides.equals("jflow");
  }

  /** Settings from {@code --name value} or {@code --name=value} arguments over the defaults. */
  static Settings parse(String... args) {
    Settings s = defaults();
    int docs = s.docs;
    int dim = s.dim;
    int requestSize = s.requestSize;
    int prefetch = s.prefetch;
    int rounds = s.rounds;
    int warmup = s.warmup;
    String sides = s.sides;
    int timeout = s.timeoutSeconds;
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      String value;
      int eq = name.indexOf('=');
      if (eq > 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException(name + " needs a value");
      }
      switch (name) {
        case "--docs": docs = number(name, value); break;
        case "--dim": dim = number(name, value); break;
        case "--request-size": requestSize = number(name, value); break;
        case "--prefetch": prefetch = number(name, value); break;
        case "--rounds": rounds = number(name, value); break;
        case "--warmup": warmup = number(name, value); break;
        case "--sides": sides = value; break;
        case "--timeout-s": timeout = number(name, value); break;
        default:
          throw new IllegalArgumentException("unknown option " + name + "; known: --docs, --dim, --request-size, --prefetch,"
              + " --rounds, --warmup, --sides, --timeout-s");
      }
    }
    return new Settings(docs, dim, requestSize, prefetch, rounds, warmup, sides, timeout);
  }

  private static int number(String name, String value) {
    try {
      return Integer.parseInt(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'", e);
    }
  }
}
