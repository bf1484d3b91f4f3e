package dev.jflow.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording's CPU samples went, as text: the methods on top of the stack (self time), the
 * methods anywhere on the stack (total time, each counted once a sample), and the threads. Shares are
 * of all {@code jdk.ExecutionSample} events.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.jflow.benchmarks.JfrTop gateway.jfr [--top 25] [--match dev.jflow]
 * </pre>
 * {@code --match} keeps only total-time methods whose class name contains the text.
 */
public final class JfrTop {
  private JfrTop() {}

  /** Prints the tables for each recording given. */
  public static void main(String[] args) throws IOException {
    int top = 25;
    String match = "";
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--top")) {
        top = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--match")) {
        match = args[++i];
      } else {
        files.add(Path.of(args[i]));
      }
    }
    for (Path f : files) {
      print(f, top, match);
    }
  }

  private static void print(Path file, int top, String match) throws IOException {
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> total = new HashMap<>();
    Map<String, Integer> threads = new HashMap<>();
    Map<String, Integer> packages = new HashMap<>();
    int samples = 0;
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent e = recording.readEvent();
        if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
          continue;
        }
        RecordedStackTrace stack = e.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
          continue;
        }
        samples++;
        self.merge(name(stack.getFrames().get(0)), 1, Integer::sum);
        packages.merge(area(stack.getFrames()), 1, Integer::sum);
        Set<String> seen = new HashSet<>();
        for (RecordedFrame f : stack.getFrames()) {
          String n = name(f);
          if (n.contains(match) && seen.add(n)) {
            total.merge(n, 1, Integer::sum);
          }
        }
        String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
        threads.merge(thread == null ? "?" : thread.replaceAll("[0-9]+", "N"), 1, Integer::sum);
      }
    }
    System.out.printf(Locale.ROOT, "%s: %,d execution samples%n", file, samples);
    table("by area (the innermost frame that belongs to one)", packages, samples, top);
    table("self (top of stack)", self, samples, top);
    table("total (anywhere on the stack)" + (match.isEmpty() ? "" : ", matching '" + match + "'"), total, samples, top);
    table("threads (digits folded)", threads, samples, top);
  }

  /** What a sample was doing: the innermost frame's area among codec, gRPC/Netty, JFlow core, ... */
  static String area(List<RecordedFrame> frames) {
    for (RecordedFrame f : frames) {
      String type = f.getMethod().getType().getName();
      for (String[] a : AREAS) {
        if (type.startsWith(a[0])) {
          return a[1];
        }
      }
    }
    return "other (JDK)";
  }

  private static final String[][] AREAS = {
    {"dev.jflow.proto", "protobuf codec (JFlow's ProtoCodec and generated messages)"},
    {"com.google.protobuf", "protobuf runtime"},
    {"io.grpc.netty", "Netty (gRPC transport)"},
    {"io.grpc", "grpc-java"},
    {"dev.jflow.transport", "JFlow transports"},
    {"dev.jflow.core", "JFlow core (router, pods, client engine)"},
    {"dev.jflow.api", "JFlow api (model)"},
    {"dev.jflow.executors", "JFlow executors"},
    {"dev.jflow.benchmarks", "benchmark harness"},
    {"org.glassfish", "Tyrus / Grizzly"},
  };

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static void table(String title, Map<String, Integer> counts, int samples, int top) {
    System.out.println("  " + title);
    counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
        .forEach(e -> System.out.printf(Locale.ROOT, "    %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey()));
  }
}
