package dev.jflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.jflow.api.spi.Telemetry;
import dev.jflow.api.testing.Ports;
import dev.jflow.core.FlowTelemetry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged {@code jflow.jar} and its {@code lib/} run on the module path, with no class path:
 * {@code java -p jflow.jar:lib -m dev.jflow.cli/dev.jflow.cli.Main}. flow-core finds the grpc and
 * websocket transports with ServiceLoader (bound as services of {@code dev.jflow.core}), starts a
 * Flow with executors and calls it through the gateway. Failsafe runs it after {@code package}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ModulePathIT {
  private static final Pattern SERVING = Pattern.compile("serving at (\\w+)://([^:]+):(\\d+)");

  private record Run(int status, String out) {}

  /** {@code java -p jflow.jar:lib [options] -m dev.jflow.cli/dev.jflow.cli.Main args...}, without any class path. */
  private static ProcessBuilder jflow(List<String> jvmOptions, String... args) {
    String modulePath = Path.of(System.getProperty("jflow.jar")) + File.pathSeparator + Path.of(System.getProperty("jflow.lib"));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("--module-path", modulePath, "--module", "dev.jflow.cli/dev.jflow.cli.Main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove("CLASSPATH");
    pb.environment().remove("JDK_JAVA_OPTIONS");
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    return pb;
  }

  private static Run run(Path dir, List<String> jvmOptions, String... args) throws Exception {
    Path out = Files.createTempFile(dir, "jflow", ".out");
    Process p = jflow(jvmOptions, args).redirectOutput(out.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("jflow " + String.join(" ", args) + " did not end within 120 s:\n" + Files.readString(out));
    }
    return new Run(p.exitValue(), Files.readString(out));
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "websocket"})
  void helloRunsAFlowOnTheModulePath(String protocol, @TempDir Path dir) throws Exception {
    Run hello = run(dir, List.of("--show-module-resolution"),
        "hello", "--encoder", "tfidf", "--protocol", protocol, "--query", "the cat sleeps on the windowsill", "--output", dir.toString());
    assertEquals(0, hello.status, hello.out);
    assertTrue(hello.out.contains("root dev.jflow.cli file:"), "the CLI runs as a named module: " + hello.out);
    assertTrue(hello.out.contains("dev.jflow.core binds dev.jflow.transport." + protocol + " file:"),
        "flow-core's ServiceLoader finds the " + protocol + " transport on the module path: " + hello.out);
    assertTrue(hello.out.contains("gateway " + protocol + "://127.0.0.1:"), hello.out);
    assertTrue(hello.out.contains("indexed 300 of 300 sentences in 30 requests (0 failed)"), hello.out);
    String afterQuery = hello.out.substring(hello.out.indexOf("query: the cat sleeps on the windowsill"));
    assertTrue(afterQuery.lines().skip(1).findFirst().orElseThrow().contains("The cat sleeps on the warm windowsill"), afterQuery);
  }

  @Test
  void aYamlFlowServedOnTheModulePathAnswersAClientOnTheModulePath(@TempDir Path dir) throws Exception {
    Path flowYaml = dir.resolve("flow.yml");
    Files.writeString(flowYaml, String.join("\n",
        "jtype: Flow",
        "with:",
        "  name: modular",
        "  protocol: grpc",
        "pods:",
        "  - name: encoder",
        "    uses: HashingTextEncoder", // created by class name: flow-core reflects into dev.jflow.executors
        "  - name: indexer",
        "    uses: VectorIndexer",
        ""));
    Files.writeString(dir.resolve("docs.txt"), "the cat sat on the mat\nstocks fell sharply today\n");

    Run mermaid = run(dir, List.of(), "export", "mermaid", flowYaml.toString());
    assertEquals(0, mermaid.status, mermaid.out);
    assertTrue(mermaid.out.startsWith("flowchart LR") && mermaid.out.contains("pod_encoder --> pod_indexer"), mermaid.out);

    // traces to a collector of the test's (the OpenTelemetry SDK and its OTLP exporter found as services on the module path),
    // meters on a monitoring port
    StringBuffer traces = new StringBuffer();
    HttpServer collector = collector(traces);
    int monitoringPort = Ports.free();
    ProcessBuilder served = jflow(List.of(), "flow", "--uses", flowYaml.toString(), "--host", "127.0.0.1",
        "--monitoring-port", Integer.toString(monitoringPort));
    served.environment().put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.getAddress().getPort());
    served.environment().put("OTEL_BSP_SCHEDULE_DELAY", "100");
    Process flow = served.start();
    try {
      String port = servingPort(flow);
      Run index = run(dir, List.of(), "client", "index", "--port-expose", port, "--input", dir.resolve("docs.txt").toString());
      assertEquals(0, index.status, index.out);
      assertTrue(index.out.contains("index: 2 docs in 1 requests"), index.out);
      Run search = run(dir, List.of(), "client", "search", "--port-expose", port, "--input", dir.resolve("docs.txt").toString(),
          "--top-k", "1", "--print-matches");
      assertEquals(0, search.status, search.out);
      assertTrue(search.out.contains("0.99") || search.out.contains("1.000"), "each line finds itself: " + search.out);
      if (RECORDING) {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + monitoringPort + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode(), metrics.body());
        assertTrue(metrics.body().contains("jflow_pod_requests_total{"), metrics.body());
      }
      flow.destroy();
      assertTrue(flow.waitFor(30, TimeUnit.SECONDS), "SIGTERM drains the Flow");
      assertEquals(0, flow.exitValue(), "the SDK starts and closes on the module path");
      if (RECORDING) { // the SDK was closed before the exit: every span was sent
        String sent = traces.toString();
        assertTrue(sent.startsWith("/v1/traces\n") && sent.contains("jflow-modular"), sent);
        assertTrue(sent.contains("jflow.request index") && sent.contains("jflow.pod encoder"), "the gateway's and the pods' spans: " + sent);
      }
    } finally {
      flow.destroyForcibly();
      collector.stop(0);
    }
  }

  /**
   * SentenceEncoder on the module path: flow-core finds it by short name in dev.jflow.neural, ONNX Runtime
   * (an automatic module) loads its native library, and the model's jar (an automatic module too, resolved
   * with the others) hands over the model and tokenizer, resources outside any package.
   */
  @Test
  void theSentenceEncoderRunsOnTheModulePath(@TempDir Path dir) throws Exception {
    Path flowYaml = dir.resolve("flow.yml");
    Files.writeString(flowYaml, String.join("\n",
        "jtype: Flow",
        "with:",
        "  protocol: grpc",
        "pods:",
        "  - name: encoder",
        "    uses: SentenceEncoder",
        "  - name: indexer",
        "    uses: VectorIndexer",
        ""));
    Files.writeString(dir.resolve("docs.txt"), "The cat sleeps on the warm windowsill\nStock markets fell sharply today\n");
    Files.writeString(dir.resolve("query.txt"), "a kitten dozing in the sun\n");
    Process flow = jflow(List.of(), "flow", "--uses", flowYaml.toString(), "--host", "127.0.0.1").start();
    try {
      String port = servingPort(flow);
      Run index = run(dir, List.of(), "client", "index", "--port-expose", port, "--input", dir.resolve("docs.txt").toString());
      assertEquals(0, index.status, index.out);
      Run search = run(dir, List.of(), "client", "search", "--port-expose", port, "--input", dir.resolve("query.txt").toString(),
          "--top-k", "1", "--print-matches");
      assertEquals(0, search.status, search.out);
      assertTrue(search.out.contains("The cat sleeps on the warm windowsill"), "the kitten finds the cat: " + search.out);
    } finally {
      flow.destroy();
      if (!flow.waitFor(30, TimeUnit.SECONDS)) {
        flow.destroyForcibly();
      }
    }
  }

  /** Whether flow-core's FlowTelemetry records yet (it is being written): only then are meters and spans asserted. */
  private static final boolean RECORDING =
      FlowTelemetry.builder().meterRegistry(new SimpleMeterRegistry()).build() != Telemetry.none();

  /** An OTLP/HTTP collector on 127.0.0.1 that appends the path and body of every request to {@code received}. */
  private static HttpServer collector(StringBuffer received) throws IOException {
    HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext("/", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      received.append(exchange.getRequestURI().getPath()).append('\n').append(new String(body, StandardCharsets.ISO_8859_1));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    collector.start();
    return collector;
  }

  /** Reads the served process's output up to its {@code serving at} line and returns the port. */
  private static String servingPort(Process p) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line = r.readLine(); line != null; line = r.readLine()) {
      seen.append(line).append('\n');
      Matcher m = SERVING.matcher(line);
      if (m.find()) {
        Thread drain = new Thread(() -> r.lines().forEach(l -> { }), "jflow-output");
        drain.setDaemon(true);
        drain.start();
        return m.group(3);
      }
    }
    throw new AssertionError("jflow flow ended before serving:\n" + seen);
  }
}
