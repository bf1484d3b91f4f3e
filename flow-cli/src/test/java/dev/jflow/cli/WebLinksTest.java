package dev.jflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.GatewayAddress;
import dev.jflow.api.testing.Ports;
import dev.jflow.core.FlowYaml;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code docs:} and {@code metrics:} lines {@code jflow flow} prints after its ready line. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebLinksTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void onlyARestfulGatewayHasDocsAndMetricsOnlyWhenOn() {
    List<GatewayAddress> both = List.of(GatewayAddress.of("grpc", "0.0.0.0", 1234), GatewayAddress.of("websocket", "0.0.0.0", 1235));
    assertEquals(List.of("docs: http://127.0.0.1:1235/docs", "metrics: http://127.0.0.1:1235/metrics"),
        WebLinks.of(both, false, true, "0.0.0.0", -1));
    assertEquals(List.of("docs: https://127.0.0.1:1235/docs"), WebLinks.of(both, true, false, "0.0.0.0", -1), "--no-metrics");
    assertEquals(List.of(), WebLinks.of(both.subList(0, 1), false, true, "0.0.0.0", 0), "gRPC, a free monitoring port: its own log says");
    assertEquals(List.of("metrics: http://[::1]:9464/metrics"), WebLinks.of(both.subList(0, 1), false, true, "::", 9464));
    assertEquals("[fe80::1]", WebLinks.reachable("fe80::1"));
    assertEquals("gateway.local", WebLinks.reachable("gateway.local"));
  }

  @Test
  void theLinksOfAServedRestfulFlowAnswer(@TempDir Path dir) throws Exception {
    Path yaml = Files.writeString(dir.resolve("flow.yml"), "jtype: Flow\nwith: {name: linked}\npods:\n  - name: p\n");
    int monitoring = Ports.free();
    FlowCommand command = new FlowCommand();
    new CommandLine(command).parseArgs("--uses", yaml.toString(), "--restful", "--host", "127.0.0.1",
        "--monitoring-port", Integer.toString(monitoring));
    FlowSpec spec = command.withOverrides(FlowYaml.load(yaml));
    try (CliTelemetry telemetry = command.monitoring.telemetry(spec.name())) {
      AsyncFlow served = FlowCommand.start(spec, telemetry);
      try {
        int port = served.gatewayAddress().port();
        List<String> links = command.links(served);
        assertEquals(List.of("docs: http://127.0.0.1:" + port + "/docs", "metrics: http://127.0.0.1:" + port + "/metrics",
            "metrics: http://127.0.0.1:" + monitoring + "/metrics"), links);
        for (String link : links) {
          HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(link.substring(link.indexOf(' ') + 1)))
              .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
          assertEquals(200, r.statusCode(), link + " answered " + r.body());
        }
      } finally {
        served.closeAsync().get(30, TimeUnit.SECONDS);
      }
    }
  }
}
