package dev.jflow.benchmarks;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Client;
import dev.jflow.api.Document;
import dev.jflow.api.Inputs;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * S9: a fast producer and a slow pod. A JFlow gRPC gateway (its own process, {@code -Xmx256m}) runs one
 * pod that sleeps 1 ms a request; this JVM ({@code -Xmx256m} too) indexes small documents generated
 * lazily as the client engine asks for them, first {@code small} then ten times as many, without
 * keeping results. Halfway through each run both JVMs run a full GC and report what is still in use:
 * the live set while the stream is in full flow. Memory is bounded when ten times the documents leave
 * the same live set behind.
 */
final class Backpressure {
  static final List<String> SERVER_JVM = List.of("-Xms64m", "-Xmx256m");
  static final int REQUEST_SIZE = 100;
  /** The live set may grow by this factor plus {@link #SLACK_MB} and still count as bounded. */
  static final double BOUND = 1.5;
  static final double SLACK_MB = 8;

  private final boolean quick;
  private final PrintStream out;

  Backpressure(boolean quick, PrintStream out) {
    this.quick = quick;
    this.out = out;
  }

  /** What one run measured, in bytes and seconds. */
  record Run(int docs, double seconds, long clientPeak, long clientLive, long serverPeak, long serverLive, long serverAfterGc) {}

  void run() throws Exception {
    int small = quick ? 2_000 : 100_000;
    int large = small * 10;
    try (Peer server = Peer.start(SERVER_JVM, "flow", "--protocol", "grpc", "--slow-ms", "1");
        Client client = Client.connect("grpc", "127.0.0.1", server.port());
        HeapMeter meter = new HeapMeter()) {
      run(client, server, meter, quick ? 200 : 2_000); // warm-up
      Run a = run(client, server, meter, small);
      Run b = run(client, server, meter, large);
      row(a);
      row(b);
      out.println(new Verdict("S9", "client live heap mid-stream, " + large / 1000 + "k vs " + small / 1000 + "k docs",
          mb(b.clientLive()), BOUND * mb(a.clientLive()) + SLACK_MB, false, 1).encode());
      out.println(new Verdict("S9", "gateway live heap mid-stream, " + large / 1000 + "k vs " + small / 1000 + "k docs",
          mb(b.serverLive()), BOUND * mb(a.serverLive()) + SLACK_MB, false, 1).encode());
    }
  }

  private Run run(Client client, Peer server, HeapMeter meter, int docs) throws Exception {
    long[] live = new long[2];
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    Supplier<Document> generator = new Supplier<>() {
      private int next;

      @Override
      public Document get() {
        if (next == docs) {
          return null;
        }
        if (next == docs / 2) {
          live[0] = HeapMeter.liveAfterFullGc();
          live[1] = server.liveAfterFullGc();
        }
        int i = next++;
        return Document.withId("doc-" + i).text("small document " + i);
      }
    };
    CallOptions options = CallOptions.builder()
        .requestSize(REQUEST_SIZE)
        .returnResults(false)
        .onAlways(r -> {
          answered.incrementAndGet();
          if (r.isError()) {
            errors.incrementAndGet();
          }
        })
        .build();
    System.gc();
    server.mark();
    meter.reset();
    long t0 = System.nanoTime();
    client.index(Inputs.generate(generator), options).get(10, TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - t0) / 1e9;
    int requests = (docs + REQUEST_SIZE - 1) / REQUEST_SIZE;
    if (answered.get() != requests || errors.get() != 0) {
      throw new IllegalStateException("S9: " + answered.get() + " of " + requests + " requests answered, " + errors.get() + " with errors");
    }
    Peer.Stats s = server.stats();
    Run run = new Run(docs, seconds, meter.peakUsed(), live[0], s.peakUsed(), live[1], s.maxAfterGc());
    out.printf(Locale.ROOT, "  %,d docs in %.1f s%n", docs, seconds);
    return run;
  }

  private void row(Run r) {
    int requests = (r.docs() + REQUEST_SIZE - 1) / REQUEST_SIZE;
    String note = String.format(Locale.ROOT, "%,d docs, 1 ms/request pod, both JVMs -Xmx256m; live mid-stream: client %.1f MB,"
        + " gateway %.1f MB; gateway max after GC %.1f MB", r.docs(), mb(r.clientLive()), mb(r.serverLive()), mb(r.serverAfterGc()));
    out.println(new Row("S9", "JFlow (grpc, slow pod), " + r.docs() / 1000 + "k docs", r.docs() / r.seconds(), requests / r.seconds(),
        Double.NaN, Double.NaN, Double.NaN, mb(r.serverPeak()), mb(r.clientPeak()), note).encode());
  }

  private static double mb(long bytes) {
    return bytes / 1e6;
  }
}
