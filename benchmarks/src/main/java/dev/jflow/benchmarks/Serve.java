package dev.jflow.benchmarks;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.FlowBuilder;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.PodSpec;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.spi.Telemetry;
import dev.jflow.core.Flows;
import dev.jflow.executors.VectorIndexer;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The server side of a benchmark, in a JVM of its own (started by {@link Peer}). Roles:
 * <pre>
 * flow [--protocol grpc|websocket] [--pods 2] [--remote host:port,...] [--remote-replicas 1] [--slow-ms N] [--prefetch 50]
 *      [--indexer vector] [--port P] [--telemetry none|metrics|tracing]
 *      a JFlow gateway on 127.0.0.1 (at port P, else a free one) with pass-through pods (or remote pods,
 *      each as that many replicas of the same address, or one pod sleeping N ms a request, or one
 *      {@code VectorIndexer} pod that stores, updates, deletes and searches documents); telemetry
 *      none (default), meters in a Prometheus registry, or those plus spans ({@link BenchTelemetry})
 * pod  one pass-through pod served over gRPC ({@code Flows.servePod}), for a gateway to use remotely
 * echo a plain grpc-java echo of jina.JinaRPC/Call
 * relay PORT  a plain grpc-java relay to the echo at 127.0.0.1:PORT
 * ws-echo     a plain Tyrus WebSocket echo of binary RequestProto frames at /stream
 * </pre>
 * It prints {@code READY <port>} once serving, then reads commands from stdin, one a line:
 * {@code mark} (forget peaks and CPU time; answers {@code MARKED}), {@code stats} (answers
 * {@code STATS <cpu ns> <peak heap used> <max heap after GC>} since the mark), {@code gc} (a full
 * collection; answers {@code LIVE <bytes in use>}), {@code telemetry} (answers {@code TELEMETRY <what the
 * flow role's telemetry recorded>}, see {@link BenchTelemetry#summary()}; other roles answer
 * {@code TELEMETRY none}). End of input stops it.
 */
public final class Serve {
  private Serve() {}

  /** Serves one role until stdin ends. */
  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: Serve flow|pod|echo|relay PORT|ws-echo [options]");
      System.exit(2);
    }
    List<String> rest = List.of(args).subList(1, args.length);
    Runnable stop;
    int port;
    BenchTelemetry telemetry = null;
    switch (args[0]) {
      case "flow": {
        BenchTelemetry t = BenchTelemetry.of(option(rest, "--telemetry", "none"));
        telemetry = t;
        AsyncFlow flow = flow(rest, t.telemetry());
        flow.start().join();
        stop = () -> {
          try {
            flow.close();
            System.err.println(t.summary());
          } finally {
            t.close();
          }
        };
        port = flow.gatewayAddress().port();
        break;
      }
      case "pod": {
        AsyncFlow pod = Flows.servePod(PodSpec.builder("p").build(),
            GatewayConfig.defaults().withProtocol("grpc").withHost("127.0.0.1"));
        pod.start().join();
        stop = pod::close;
        port = pod.gatewayAddress().port();
        break;
      }
      case "echo": {
        Server echo = GrpcBaselines.start(GrpcBaselines.echo());
        stop = echo::shutdownNow;
        port = echo.getPort();
        break;
      }
      case "relay": {
        ManagedChannel upstream = GrpcBaselines.channel(Integer.parseInt(rest.get(0)));
        Server relay = GrpcBaselines.start(GrpcBaselines.relay(upstream));
        stop = () -> {
          relay.shutdownNow();
          upstream.shutdownNow();
        };
        port = relay.getPort();
        break;
      }
      case "ws-echo": {
        WsEcho echo = WsEcho.start();
        stop = echo::close;
        port = echo.port();
        break;
      }
      default:
        System.err.println("Serve: unknown role " + args[0]);
        System.exit(2);
        return;
    }
    try (HeapMeter meter = new HeapMeter()) {
      System.out.println("READY " + port);
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line; (line = in.readLine()) != null; ) {
        switch (line.trim()) {
          case "mark":
            meter.reset();
            System.out.println("MARKED");
            break;
          case "stats":
            System.out.printf(Locale.ROOT, "STATS %d %d %d%n", meter.cpuNanos(), meter.peakUsed(), meter.maxAfterGc());
            break;
          case "gc":
            System.out.println("LIVE " + HeapMeter.liveAfterFullGc());
            break;
          case "telemetry":
            System.out.println("TELEMETRY " + (telemetry == null ? "none" : telemetry.summary()));
            break;
          default:
            System.out.println("UNKNOWN " + line);
        }
        System.out.flush();
      }
    } finally {
      stop.run();
    }
    System.exit(0);
  }

  /** The value after {@code name} in {@code options} (name value pairs), or {@code otherwise}. */
  static String option(List<String> options, String name, String otherwise) {
    for (int i = 0; i + 1 < options.size(); i += 2) {
      if (options.get(i).equals(name)) {
        return options.get(i + 1);
      }
    }
    return otherwise;
  }

  /** The Flow of the {@code flow} role with {@code telemetry}, not started ({@code --telemetry} is read by the caller). */
  static AsyncFlow flow(List<String> options, Telemetry telemetry) {
    String protocol = "grpc";
    int pods = 2;
    List<String> remote = new ArrayList<>();
    int slowMs = -1;
    int replicas = 1;
    int prefetch = GatewayConfig.defaults().prefetch();
    boolean indexer = false;
    int port = 0;
    for (int i = 0; i < options.size(); i += 2) {
      String value = options.get(i + 1);
      switch (options.get(i)) {
        case "--protocol": protocol = value; break;
        case "--pods": pods = Integer.parseInt(value); break;
        case "--remote": remote = List.of(value.split(",")); break;
        case "--slow-ms": slowMs = Integer.parseInt(value); break;
        case "--prefetch": prefetch = Integer.parseInt(value); break;
        case "--remote-replicas": replicas = Integer.parseInt(value); break;
        case "--indexer": indexer = requireVector(value); break;
        case "--port": port = Integer.parseInt(value); break;
        case "--telemetry": break;
        default: throw new IllegalArgumentException("unknown flow option " + options.get(i));
      }
    }
    FlowBuilder<AsyncFlow> b = AsyncFlow.builder().name("bench").protocol(protocol).host("127.0.0.1").port(port).prefetch(prefetch)
        .telemetry(telemetry);
    if (indexer) {
      b.add("indexer", VectorIndexer::new);
    } else if (!remote.isEmpty()) {
      for (int i = 0; i < remote.size(); i++) {
        b.add(PodSpec.builder(String.valueOf((char) ('a' + i))).uses("grpc://" + remote.get(i)).replicas(replicas).build());
      }
    } else if (slowMs >= 0) {
      long ms = slowMs;
      b.add("slow", () -> (Executor) request -> Thread.sleep(ms));
    } else {
      for (int i = 0; i < pods; i++) {
        b.add();
      }
    }
    return b.build();
  }

  private static boolean requireVector(String value) {
    if (!value.equals("vector")) {
      throw new IllegalArgumentException("--indexer must be 'vector', got '" + value + "'");
    }
    return true;
  }
}
