package dev.jflow.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * S1-S6: JFlow gateways in processes of their own, driven by a client in this JVM, against plain
 * grpc-java or Tyrus peers carrying the same payload, each also in processes of their own. T1: S1's and
 * S3's load on JFlow gateways that differ only in their telemetry (none, metrics, metrics and tracing).
 */
final class Throughput {
  /** JVM options of every server process. */
  static final List<String> SERVER_JVM = List.of("-Xms256m", "-Xmx1g");
  /** Jina 1.x (Python) on a 2-core machine, as the issue gives it: S1 docs/s, S2 requests/s, S4 docs/s. */
  static final double JINA_S1_DOCS = 21_000;
  static final double JINA_S2_REQUESTS = 1_200;
  static final double JINA_S4_DOCS = 11_700;
  /** The aim: at least 20× Jina 1.x. */
  static final double AIM = 20;

  /** Measured rounds per side; the table shows the median. */
  static final int ROUNDS = 7;
  /** Untimed rounds per side first: JFlow's JIT takes longer to settle (its rounds kept getting faster after 8). */
  static final int WARMUP = 15;
  /** Replicas a remote pod gets in S6's diagnostic side. */
  static final int REMOTE_REPLICAS = 4;
  /** Measured rounds per side in T1: its targets are 5%, so its medians need more rounds than the others' (S1's spread is 20-100%). */
  static final int T1_ROUNDS = 15;
  /** T1's target: metrics on may cost at most this share of S1's docs/s and of S3's p50 (the 5%). */
  static final double T1_BUDGET = 0.05;

  /** A JFlow gateway to measure: the side's name and the {@code Serve flow} options after {@code --protocol grpc}. */
  private record Variant(String name, String... flowArgs) {}

  private final String scenario;
  private final boolean quick;
  private final PrintStream out;
  private final List<AutoCloseable> open = new ArrayList<>();

  Throughput(String scenario, boolean quick, PrintStream out) {
    this.scenario = scenario;
    this.quick = quick;
    this.out = out;
  }

  /** Runs the scenario and prints its rows and verdicts. */
  void run() throws Exception {
    switch (scenario) {
      case "S1": {
        List<Summary> s = grpc(settings(50_000, 128, 100, 50), "--pods", "2");
        verdict("docs/s vs raw echo", s.get(0).median().docsPerSecond(), s.get(1).median().docsPerSecond(), true, 0.75);
        verdict("docs/s vs raw relay", s.get(0).median().docsPerSecond(), s.get(2).median().docsPerSecond(), true, Double.NaN);
        verdict("docs/s vs 20x Jina 1.x (21,000)", s.get(0).median().docsPerSecond(), AIM * JINA_S1_DOCS, true, 1);
        verdict("raw echo's docs/s vs 20x Jina 1.x (reference)", s.get(1).median().docsPerSecond(), AIM * JINA_S1_DOCS, true, Double.NaN);
        break;
      }
      case "S2": {
        List<Summary> s = grpc(settings(50_000, 128, 10, 50), "--pods", "2");
        verdict("req/s vs raw echo", s.get(0).median().requestsPerSecond(), s.get(1).median().requestsPerSecond(), true, Double.NaN);
        verdict("req/s vs raw relay", s.get(0).median().requestsPerSecond(), s.get(2).median().requestsPerSecond(), true, Double.NaN);
        verdict("req/s vs 20x Jina 1.x (1,200)", s.get(0).median().requestsPerSecond(), AIM * JINA_S2_REQUESTS, true, 1);
        verdict("raw echo's req/s vs 20x Jina 1.x (reference)", s.get(1).median().requestsPerSecond(), AIM * JINA_S2_REQUESTS, true,
            Double.NaN);
        break;
      }
      case "S3": {
        List<Summary> s = latency(List.of(new Variant("JFlow (grpc, 2 pods)", "--pods", "2")), true);
        verdict("p50 vs raw ping-pong", s.get(0).median().latencyMillis(0.5), s.get(1).median().latencyMillis(0.5), false, 1.3);
        verdict("p99 vs raw ping-pong", s.get(0).median().latencyMillis(0.99), s.get(1).median().latencyMillis(0.99), false, Double.NaN);
        verdict("p50 vs raw ping-pong, client callbacks on the transport thread (diagnostic)", s.get(2).median().latencyMillis(0.5),
            s.get(1).median().latencyMillis(0.5), false, Double.NaN);
        break;
      }
      case "S4": {
        if (!websocketPresent()) {
          out.println(new Row(scenario, "JFlow (websocket)", Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
              Double.NaN, "skipped: transport-websocket not present").encode());
          return;
        }
        List<Summary> s = websocket(settings(50_000, 128, 100, 50));
        verdict("docs/s vs raw WebSocket echo", s.get(0).median().docsPerSecond(), s.get(1).median().docsPerSecond(), true, 0.85);
        verdict("docs/s vs 20x Jina 1.x (11,700)", s.get(0).median().docsPerSecond(), AIM * JINA_S4_DOCS, true, 1);
        verdict("raw WebSocket echo's docs/s vs 20x Jina 1.x (reference)", s.get(1).median().docsPerSecond(), AIM * JINA_S4_DOCS, true,
            Double.NaN);
        break;
      }
      case "S5": {
        List<Summary> s = grpc(settings(20_000, 768, 100, 50), "--pods", "2");
        verdict("docs/s vs raw echo", s.get(0).median().docsPerSecond(), s.get(1).median().docsPerSecond(), true, 0.85);
        verdict("docs/s vs raw relay", s.get(0).median().docsPerSecond(), s.get(2).median().docsPerSecond(), true, Double.NaN);
        break;
      }
      case "S6": {
        List<Summary> s = remotePods(settings(50_000, 128, 100, 50));
        verdict("docs/s vs raw relay", s.get(0).median().docsPerSecond(), s.get(2).median().docsPerSecond(), true, 0.8);
        verdict("docs/s vs raw relay, " + REMOTE_REPLICAS + " replicas a remote pod (diagnostic)", s.get(1).median().docsPerSecond(),
            s.get(2).median().docsPerSecond(), true, Double.NaN);
        break;
      }
      case "T1": {
        List<Summary> t = grpc(settings(50_000, 128, 100, 50), telemetryVariants("S1 load"), false);
        verdict("S1 docs/s, metrics on vs off", t.get(1).median().docsPerSecond(), t.get(0).median().docsPerSecond(), true, 1 - T1_BUDGET);
        verdict("S1 docs/s, tracing on vs off (diagnostic)", t.get(2).median().docsPerSecond(), t.get(0).median().docsPerSecond(), true,
            Double.NaN);
        verdict("S1 CPU µs/req, metrics on vs off (diagnostic)", t.get(1).median().cpuMicrosPerRequest(),
            t.get(0).median().cpuMicrosPerRequest(), false, Double.NaN);
        verdict("S1 CPU µs/req, tracing on vs off (diagnostic)", t.get(2).median().cpuMicrosPerRequest(),
            t.get(0).median().cpuMicrosPerRequest(), false, Double.NaN);
        List<Summary> l = latency(telemetryVariants("S3 load"), false);
        verdict("S3 p50, metrics on vs off", l.get(1).median().latencyMillis(0.5), l.get(0).median().latencyMillis(0.5), false, 1 + T1_BUDGET);
        verdict("S3 p50, tracing on vs off (diagnostic)", l.get(2).median().latencyMillis(0.5), l.get(0).median().latencyMillis(0.5), false,
            Double.NaN);
        verdict("S3 p99, metrics on vs off (diagnostic)", l.get(1).median().latencyMillis(0.99), l.get(0).median().latencyMillis(0.99),
            false, Double.NaN);
        verdict("S3 p99, tracing on vs off (diagnostic)", l.get(2).median().latencyMillis(0.99), l.get(0).median().latencyMillis(0.99),
            false, Double.NaN);
        break;
      }
      default:
        throw new IllegalArgumentException("not a throughput scenario: " + scenario);
    }
  }

  /** {@code docs} (a hundredth when quick) of {@code dim} floats, {@code size} a request, {@code prefetch} in flight. */
  private Settings settings(int docs, int dim, int size, int prefetch) {
    int n = quick ? Math.max(size * 4, docs / 100) : docs;
    return new Settings(n, dim, size, prefetch, rounds(), quick ? 1 : WARMUP, "both", 300);
  }

  /** Measured rounds per side: one when quick, {@value #T1_ROUNDS} in T1, else {@value #ROUNDS}. */
  private int rounds() {
    return quick ? 1 : scenario.equals("T1") ? T1_ROUNDS : ROUNDS;
  }

  /** T1's sides: a gateway with 2 pass-through pods for each {@code --telemetry} mode, none first. */
  private static List<Variant> telemetryVariants(String load) {
    List<Variant> v = new ArrayList<>();
    for (String mode : BenchTelemetry.MODES) {
      v.add(new Variant("JFlow (grpc, 2 pods), telemetry " + mode + ", " + load, "--pods", "2", "--telemetry", mode));
    }
    return v;
  }

  /** A JFlow gRPC gateway with {@code flowArgs}, a raw echo, and a raw relay to that echo. */
  private List<Summary> grpc(Settings s, String... flowArgs) throws Exception {
    return grpc(s, List.of(new Variant("JFlow (grpc, " + podsOf(flowArgs) + " pods)", flowArgs)), true);
  }

  /** A JFlow gRPC gateway for each of {@code variants}, then (when {@code baselines}) a raw echo and a raw relay to that echo. */
  private List<Summary> grpc(Settings s, List<Variant> variants, boolean baselines) throws Exception {
    List<Payloads.Doc> data = Payloads.docs(s.docs(), s.dim(), 42);
    try {
      List<Contender> contenders = jflow(s, data, variants);
      if (baselines) {
        Peer echo = peer("echo");
        Peer relay = peer("relay", String.valueOf(echo.port()));
        contenders.add(new Contender(side(new RawGrpcSide("raw grpc-java echo", s, data, echo.port())), List.of(echo)));
        contenders.add(new Contender(side(new RawGrpcSide("raw grpc-java relay -> echo", s, data, relay.port())), List.of(relay, echo)));
      }
      return measureJflow(s, contenders, variants);
    } finally {
      closeAll();
    }
  }

  /**
   * S3's load: one-document requests, one in flight, on one open stream, through a JFlow gRPC gateway
   * for each of {@code variants}. With {@code baselines}, also the raw echo (ping-pong) and a side
   * running the first variant's client with its input read and responses delivered on the transport's
   * own thread ({@code CallOptions.executor(Runnable::run)}): a diagnostic of what the client's thread
   * hand-off costs.
   */
  private List<Summary> latency(List<Variant> variants, boolean baselines) throws Exception {
    Settings s = new Settings(quick ? 50 : 2_000, 128, 1, 1, rounds(), quick ? 1 : WARMUP, "both", 300);
    List<Payloads.Doc> data = Payloads.docs(s.docs(), s.dim(), 42);
    try {
      List<Contender> contenders = jflow(s, data, variants);
      if (baselines) {
        Peer flow = contenders.get(0).servers().get(0);
        Peer echo = peer("echo");
        contenders.add(new Contender(side(new RawGrpcSide("raw grpc-java echo (ping-pong)", s, data, echo.port())), List.of(echo)));
        contenders.add(new Contender(side(new JFlowSide("JFlow, CallOptions.executor(Runnable::run)", s, data, "grpc", flow.port())
            .callExecutor(Runnable::run)), List.of(flow)));
      }
      return measureJflow(s, contenders, variants);
    } finally {
      closeAll();
    }
  }

  /** A gateway process ({@code Serve flow --protocol grpc <flowArgs>}) and a JFlow client of it for each variant, in order. */
  private List<Contender> jflow(Settings s, List<Payloads.Doc> data, List<Variant> variants) {
    List<Contender> contenders = new ArrayList<>();
    for (Variant v : variants) {
      Peer flow = peer(concat(new String[] {"flow", "--protocol", "grpc"}, v.flowArgs()));
      contenders.add(new Contender(side(new JFlowSide(v.name(), s, data, "grpc", flow.port())), List.of(flow)));
    }
    return contenders;
  }

  /**
   * Measures {@code contenders}, then prints what the telemetry of each gateway that has
   * {@code --telemetry} recorded (the first {@code variants.size()} contenders are those gateways' sides).
   */
  private List<Summary> measureJflow(Settings s, List<Contender> contenders, List<Variant> variants) throws Exception {
    List<Summary> summaries = measure(s, contenders, "");
    for (int i = 0; i < variants.size(); i++) {
      if (List.of(variants.get(i).flowArgs()).contains("--telemetry")) {
        out.println("  " + variants.get(i).name() + ": " + contenders.get(i).servers().get(0).telemetry());
      }
    }
    return summaries;
  }

  /** S4: a JFlow WebSocket gateway with 2 pods and a plain Tyrus echo. */
  private List<Summary> websocket(Settings s) throws Exception {
    List<Payloads.Doc> data = Payloads.docs(s.docs(), s.dim(), 42);
    try {
      Peer flow = peer("flow", "--protocol", "websocket", "--pods", "2");
      Peer echo = peer("ws-echo");
      return measure(s, List.of(
          new Contender(side(new JFlowSide("JFlow (websocket, 2 pods)", s, data, "websocket", flow.port())), List.of(flow)),
          new Contender(side(new RawWsSide("raw Tyrus WebSocket echo", s, data, echo.port())), List.of(echo))),
          "");
    } finally {
      closeAll();
    }
  }

  /**
   * S6: both pods in processes of their own, reached over gRPC; the baseline is the relay. A second
   * gateway reaches the same pod processes through {@value #REMOTE_REPLICAS} replicas each (a pod's
   * replica takes one request at a time, so this is how many requests each remote pod has in flight):
   * a diagnostic of where S6's time goes.
   */
  private List<Summary> remotePods(Settings s) throws Exception {
    List<Payloads.Doc> data = Payloads.docs(s.docs(), s.dim(), 42);
    try {
      Peer a = peer("pod");
      Peer b = peer("pod");
      String pods = "127.0.0.1:" + a.port() + ",127.0.0.1:" + b.port();
      Peer flow = peer("flow", "--protocol", "grpc", "--remote", pods);
      Peer wide = peer("flow", "--protocol", "grpc", "--remote", pods, "--remote-replicas", String.valueOf(REMOTE_REPLICAS));
      Peer echo = peer("echo");
      Peer relay = peer("relay", String.valueOf(echo.port()));
      return measure(s, List.of(
          new Contender(side(new JFlowSide("JFlow (grpc, 2 remote pods)", s, data, "grpc", flow.port())), List.of(flow, a, b)),
          new Contender(side(new JFlowSide("JFlow (grpc, 2 remote pods x " + REMOTE_REPLICAS + " replicas)", s, data, "grpc",
              wide.port())), List.of(wide, a, b)),
          new Contender(side(new RawGrpcSide("raw grpc-java relay -> echo", s, data, relay.port())), List.of(relay, echo))),
          "");
    } finally {
      closeAll();
    }
  }

  private List<Summary> measure(Settings s, List<Contender> contenders, String note) throws Exception {
    out.printf(Locale.ROOT, "%s: %,d docs x %d-d float32, %d a request (%,d requests), prefetch %d; %d warm-up + %d measured rounds%n",
        scenario, s.docs(), s.dim(), s.requestSize(), s.requests(), s.prefetch(), s.warmup(), s.rounds());
    List<Summary> summaries = Rounds.measure(contenders, s.warmup(), s.rounds(), out);
    String sizes = String.format(Locale.ROOT, "%,d docs x %d-d, %d/request, prefetch %d", s.docs(), s.dim(), s.requestSize(), s.prefetch());
    for (Summary sum : summaries) {
      out.println(Row.of(scenario, sum, note.isEmpty() ? sizes : sizes + ", " + note).encode());
    }
    return summaries;
  }

  private void verdict(String measure, double jflow, double baseline, boolean atLeast, double target) {
    out.println(new Verdict(scenario, measure, jflow, baseline, atLeast, target).encode());
  }

  private Peer peer(String... args) {
    Peer p = Peer.start(SERVER_JVM, args);
    open.add(p);
    return p;
  }

  private <S extends Side> S side(S side) {
    open.add(0, side); // clients close before their servers
    return side;
  }

  private void closeAll() {
    for (AutoCloseable c : open) {
      try {
        c.close();
      } catch (Exception e) {
        out.println("  closing " + c + " failed: " + e);
      }
    }
    open.clear();
  }

  /** Whether JFlow's websocket transport is on the class path. */
  static boolean websocketPresent() {
    try {
      Class.forName("dev.jflow.transport.websocket.WebSocketTransportProvider", false, Throughput.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static String podsOf(String[] flowArgs) {
    for (int i = 0; i + 1 < flowArgs.length; i++) {
      if (flowArgs[i].equals("--pods")) {
        return flowArgs[i + 1];
      }
    }
    return "?";
  }

  private static String[] concat(String[] a, String[] b) {
    String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
