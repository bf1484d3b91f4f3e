package dev.jflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.spi.Telemetry;
import dev.jflow.api.testing.Ports;
import dev.jflow.core.FlowYaml;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --monitoring-port} and {@code --no-metrics} of {@code jflow flow} and {@code jflow pod}: the port
 * lands in the gateway's configuration, over the YAML's; a served Flow reports to the CLI's telemetry.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MonitoringOptionTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static FlowCommand flow(String... args) {
    FlowCommand flow = new FlowCommand();
    new CommandLine(flow).parseArgs(args);
    return flow;
  }

  private static Path yaml(Path dir) throws Exception {
    Path yaml = dir.resolve("flow.yml");
    Files.writeString(yaml, "jtype: Flow\nwith: {name: metered, protocol: grpc}\ngateway: {monitoring_port: 9091}\npods:\n  - name: p\n");
    return yaml;
  }

  @Test
  void theMonitoringPortGoesIntoTheGatewayConfigOverTheYamls(@TempDir Path dir) throws Exception {
    Path yaml = yaml(dir);
    FlowSpec fromYaml = FlowYaml.load(yaml);
    assertEquals(9091, fromYaml.gateway().monitoringPort());
    assertEquals(9091, flow("--uses", yaml.toString()).withOverrides(fromYaml).gateway().monitoringPort());
    assertEquals(9090, flow("--uses", yaml.toString(), "--monitoring-port", "9090").withOverrides(fromYaml).gateway().monitoringPort());
    assertEquals(-1, flow("--uses", yaml.toString(), "--monitoring-port=-1").withOverrides(fromYaml).gateway().monitoringPort());

    PodCommand pod = new PodCommand();
    new CommandLine(pod).parseArgs("--uses", "_pass", "--monitoring-port", "0");
    assertEquals(0, pod.gateway().monitoringPort());
    PodCommand plain = new PodCommand();
    new CommandLine(plain).parseArgs("--uses", "_pass");
    assertEquals(-1, plain.gateway().monitoringPort(), "none unless asked");
  }

  @Test
  void aBadMonitoringPortIsAUsageErrorNamingTheValue() {
    StringWriter err = new StringWriter();
    assertEquals(2, Main.run(new String[] {"flow", "--uses", "flow.yml", "--monitoring-port", "70000"},
        new PrintWriter(new StringWriter()), new PrintWriter(err, true)));
    assertTrue(err.toString().contains("--monitoring-port must be -1 (none), 0 (a free port) or a port up to 65535, got 70000"), err.toString());
    assertEquals(2, Main.run(new String[] {"pod", "--uses", "_pass", "--monitoring-port=-2"},
        new PrintWriter(new StringWriter()), new PrintWriter(err, true)));
    assertTrue(err.toString().contains("got -2"), err.toString());
    assertEquals(2, Main.run(new String[] {"pod", "--uses", "_pass", "--monitoring-port", "9090", "--no-metrics"},
        new PrintWriter(new StringWriter()), new PrintWriter(err, true)));
    assertTrue(err.toString().contains("--monitoring-port 9090 serves the meters that --no-metrics turns off"), err.toString());
  }

  @Test
  void aServedFlowReportsToTheCliTelemetryAndServesMetricsOnItsMonitoringPort(@TempDir Path dir) throws Exception {
    Path yaml = dir.resolve("flow.yml");
    Files.writeString(yaml, "jtype: Flow\nwith: {name: metered, protocol: grpc}\npods:\n  - name: p\n");
    int port = Ports.free();
    FlowCommand command = flow("--uses", yaml.toString(), "--host", "127.0.0.1", "--monitoring-port", Integer.toString(port));
    FlowSpec spec = command.withOverrides(FlowYaml.load(yaml));
    try (CliTelemetry telemetry = command.monitoring.telemetry(spec.name())) {
      assertTrue(telemetry.registry().isPresent(), "meters are on by default");
      AsyncFlow served = FlowCommand.start(spec, telemetry);
      try {
        assertSame(telemetry.telemetry(), served.spec().telemetry());
        assertEquals(port, served.spec().gateway().monitoringPort());
        assumeTrue(telemetry.telemetry() != Telemetry.none(), "FlowTelemetry records nothing yet: no /metrics to read");
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode(), metrics.body());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"), metrics.headers().map()
            .toString());
        assertTrue(metrics.body().contains("# TYPE "), metrics.body());
      } finally {
        served.closeAsync().get(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aServedPodReportsToTheCliTelemetryAsFlowPodName() throws Exception {
    int port = Ports.free();
    PodCommand pod = new PodCommand();
    new CommandLine(pod).parseArgs("--uses", "_pass", "--name", "relay", "--host", "127.0.0.1", "--monitoring-port", Integer.toString(port));
    try (CliTelemetry telemetry = pod.monitoring.telemetry("pod-relay")) {
      AsyncFlow served = PodCommand.start(pod.podSpec(), pod.gateway(), telemetry);
      try {
        assertSame(telemetry.telemetry(), served.spec().telemetry());
        assertEquals("pod-relay", served.spec().name());
        served.index(java.util.List.of(dev.jflow.api.Document.ofText("x"))).get(10, TimeUnit.SECONDS);
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode(), metrics.body());
        assertTrue(metrics.body().contains("jflow_pod_requests_total{flow=\"pod-relay\",pod=\"relay\""), metrics.body());
      } finally {
        served.closeAsync().get(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void withNoMetricsTheRestfulGatewayHasNoMetricsToServe(@TempDir Path dir) throws Exception {
    Path yaml = dir.resolve("flow.yml");
    Files.writeString(yaml, "jtype: Flow\nwith: {name: quiet, protocol: websocket}\npods:\n  - name: p\n");
    FlowCommand command = flow("--uses", yaml.toString(), "--host", "127.0.0.1", "--no-metrics");
    FlowSpec spec = command.withOverrides(FlowYaml.load(yaml));
    try (CliTelemetry telemetry = command.monitoring.telemetry(spec.name())) {
      assertTrue(telemetry.registry().isEmpty() && telemetry.telemetry().scrape().isEmpty());
      AsyncFlow served = FlowCommand.start(spec, telemetry);
      try {
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + served.gatewayAddress().port()
            + "/metrics")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, metrics.statusCode(), metrics.body());
      } finally {
        served.closeAsync().get(30, TimeUnit.SECONDS);
      }
    }
  }
}
