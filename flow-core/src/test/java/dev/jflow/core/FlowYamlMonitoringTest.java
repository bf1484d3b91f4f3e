package dev.jflow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Status;
import org.junit.jupiter.api.Test;

/** {@code gateway: {monitoring_port: 9090}} in Flow YAML: read, written back only when set, and checked. */
class FlowYamlMonitoringTest {

  private static FlowSpec parse(String yaml) {
    return FlowYaml.parse(yaml, "flow.yml", null);
  }

  @Test
  void theMonitoringPortIsReadAndWrittenBack() {
    FlowSpec spec = parse("jtype: Flow\ngateway: {monitoring_port: 9090, websocket: {cors: https://app.example}}\npods:\n  - name: a\n");
    assertEquals(9090, spec.gateway().monitoringPort());
    assertEquals("https://app.example", spec.gateway().options().get("websocket.cors"), "the transports' sections still read");
    String yaml = FlowYaml.dump(spec);
    assertTrue(yaml.contains("gateway:\n  monitoring_port: 9090\n  websocket:\n    cors: https://app.example\n"), yaml);
    assertEquals(spec, parse(yaml), yaml);

    FlowSpec free = Flow.builder().gateway(GatewayConfig.builder().monitoringPort(0).build()).add("a").spec();
    assertEquals(0, parse(FlowYaml.dump(free)).gateway().monitoringPort(), "0 (a free port) survives: " + FlowYaml.dump(free));
  }

  @Test
  void noMonitoringPortIsNotWritten() {
    FlowSpec spec = parse("jtype: Flow\npods:\n  - name: a\n");
    assertEquals(-1, spec.gateway().monitoringPort(), "none by default");
    assertFalse(FlowYaml.dump(spec).contains("gateway"), FlowYaml.dump(spec));
    assertEquals(-1, parse("jtype: Flow\ngateway: {monitoring_port: -1}\npods: []\n").gateway().monitoringPort());
  }

  @Test
  void aBadMonitoringPortIsAnErrorNamingTheLineAndTheValue() {
    FlowException high = assertThrows(FlowException.class, () -> parse("jtype: Flow\ngateway:\n  monitoring_port: 70000\npods: []\n"));
    assertEquals(Status.Code.INVALID_ARGUMENT, high.code());
    assertTrue(high.getMessage().contains("flow.yml line 3: 'gateway.monitoring_port' must be -1 (none), 0 (a free port) or a port"
        + " up to 65535, got 70000"), high.getMessage());
    FlowException word = assertThrows(FlowException.class, () -> parse("jtype: Flow\ngateway:\n  monitoring_port: metrics\npods: []\n"));
    assertTrue(word.getMessage().contains("flow.yml line 3: 'gateway.monitoring_port' must be a whole number, got 'metrics'"),
        word.getMessage());
  }
}
