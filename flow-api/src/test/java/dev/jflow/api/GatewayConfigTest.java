package dev.jflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GatewayConfigTest {

  @Test
  void defaultsAreJinas() {
    GatewayConfig c = GatewayConfig.defaults();
    assertNull(c.protocol(), "no protocol: the best available transport");
    assertEquals("0.0.0.0", c.host());
    assertEquals(0, c.port());
    assertEquals(50, c.prefetch());
    assertEquals(64 * 1024 * 1024, c.maxMessageSize());
    assertEquals(GatewayConfig.DEFAULT_MAX_MESSAGE_SIZE, c.maxMessageSize());
    assertEquals(java.time.Duration.ofSeconds(30), c.drainGrace());
    assertEquals(64L << 20, c.maxStreamBytes());
    assertEquals(Runtime.getRuntime().maxMemory() / 4, c.effectiveMaxGatewayBytes());
    assertEquals(dev.jflow.api.spi.Authenticator.anonymous(), c.authenticator(), "data without a token, no control over the network");
  }

  @Test
  void anAuthenticatorIsPartOfTheConfiguration() {
    dev.jflow.api.spi.Authenticator tokens = dev.jflow.api.spi.BearerTokens.builder()
        .adminTokens(Secret.of("admin-token-0123456789")).build();
    GatewayConfig c = GatewayConfig.builder().authenticator(tokens).build();
    assertEquals(tokens, c.toBuilder().build().authenticator());
    assertEquals(c, c.withPort(0));
    org.junit.jupiter.api.Assertions.assertNotEquals(GatewayConfig.defaults(), c);
    org.junit.jupiter.api.Assertions.assertFalse(c.toString().contains("admin-token-0123456789"), c.toString());
    FlowException e = assertThrows(FlowException.class, () -> GatewayConfig.builder().authenticator(null).build());
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("authenticator must not be null"), e.getMessage());
  }

  @Test
  void withersChangeOneFieldAndKeepTheRest() {
    GatewayConfig c = GatewayConfig.defaults().withProtocol("grpc").withHost("127.0.0.1").withPort(8080)
        .withPrefetch(4).withMaxMessageSize(1024);
    assertEquals(GatewayConfig.builder().protocol("grpc").host("127.0.0.1").port(8080).prefetch(4).maxMessageSize(1024).build(), c);
    assertEquals(GatewayConfig.builder().protocol("grpc").host("127.0.0.1").port(9090).prefetch(4).maxMessageSize(1024).build(), c.withPort(9090));
    assertEquals(GatewayConfig.defaults(), c.withProtocol(null).withHost(null).withPort(0).withPrefetch(50)
        .withMaxMessageSize(GatewayConfig.DEFAULT_MAX_MESSAGE_SIZE));
  }

  @Test
  void aMissingHostMeansEveryInterface() {
    assertEquals("0.0.0.0", GatewayConfig.builder().host(null).build().host());
    assertEquals("0.0.0.0", GatewayConfig.builder().host("  ").build().host());
  }

  @Test
  void portsFromZeroTo65535AreAccepted() {
    assertEquals(65535, GatewayConfig.defaults().withPort(65535).port());
    FlowException e = assertThrows(FlowException.class, () -> GatewayConfig.defaults().withPort(65536));
    assertEquals("invalid gateway configuration: port must be 0 (pick a free port) to 65535, got 65536",
        e.status().description());
  }

  @Test
  void theMonitoringPortIsOffByDefaultAndValidated() {
    assertEquals(-1, GatewayConfig.defaults().monitoringPort());
    assertEquals(9090, GatewayConfig.builder().monitoringPort(9090).build().toBuilder().build().monitoringPort());
    FlowException e = assertThrows(FlowException.class, () -> GatewayConfig.builder().monitoringPort(70000).build());
    assertEquals("invalid gateway configuration: monitoringPort must be -1 (none), 0 (a free port) or a port up to 65535, got 70000",
        e.status().description());
  }

  @Test
  void everyInvalidFieldIsReportedAtOnce() {
    FlowException e = assertThrows(FlowException.class, () -> GatewayConfig.builder().protocol("grpc").host("h").port(-1).prefetch(0).maxMessageSize(0).drainGrace(java.time.Duration.ofSeconds(-1)).build());
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertEquals("invalid gateway configuration: port must be 0 (pick a free port) to 65535, got -1;"
        + " prefetch must be at least 1, got 0; maxMessageSize must be positive, got 0; drainGrace must be zero or positive, got PT-1S", e.status().description());
  }

  @Test
  void severalProtocolsMeanOneGatewayEachWithItsOwnPort() {
    GatewayConfig c = GatewayConfig.builder().protocols("grpc", "websocket").ports(45678, 45679).prefetch(7)
        .option("websocket.cors", "https://a.example").build();
    assertEquals(java.util.List.of("grpc", "websocket"), c.protocols());
    assertEquals("grpc", c.protocol());
    assertEquals(45678, c.port());
    assertEquals(java.util.List.of(45678, 45679), c.ports());
    java.util.List<GatewayConfig> each = c.gateways();
    assertEquals(2, each.size());
    assertEquals(GatewayConfig.builder().protocol("websocket").port(45679).prefetch(7).option("websocket.cors", "https://a.example").build(),
        each.get(1), "each gateway has its protocol and port and shares the rest");
    assertEquals(java.util.List.of(GatewayConfig.defaults()), GatewayConfig.defaults().gateways());

    GatewayConfig free = GatewayConfig.builder().port(5000).protocols("grpc", "websocket").build();
    assertEquals(java.util.List.of(5000, 0), free.ports(), "a gateway without a port picks a free one");
    assertEquals(GatewayConfig.builder().protocols("grpc", "websocket").build(),
        GatewayConfig.builder().protocols("grpc", "websocket").ports(0, 0).build(), "port 0 and no port are the same");
    assertEquals(GatewayConfig.builder().protocol("grpc").build(), GatewayConfig.builder().protocols("grpc").build());
  }

  @Test
  void protocolsAndPortsThatCannotWorkAreReportedAtOnce() {
    FlowException e = assertThrows(FlowException.class, () -> GatewayConfig.builder().protocols("grpc", "grpc", " ")
        .ports(5000, 5000, 70000, 1).build());
    assertEquals("invalid gateway configuration: protocol 'grpc' is listed twice; each protocol serves one gateway;"
        + " protocols must be transport names, got ' '; port 5000 is given to two gateways (grpc and grpc);"
        + " port must be 0 (pick a free port) to 65535, got 70000; 4 ports [5000, 5000, 70000, 1] for 3 protocols [grpc, grpc,  ];"
        + " give at most one port per protocol", e.status().description());
    FlowException one = assertThrows(FlowException.class, () -> GatewayConfig.builder().ports(1, 2).build());
    assertTrue(one.getMessage().contains("2 ports [1, 2] for one gateway"), one.getMessage());
  }

  @Test
  void optionsAreNamedAfterTheirTransportInSnakeCase() {
    GatewayConfig c = GatewayConfig.builder().option("websocket.max_queued_bytes", 1024).option("websocket.cors", "*")
        .option("websocket.cors", null).build();
    assertEquals(java.util.Map.of("websocket.max_queued_bytes", "1024"), c.options());
    assertEquals(c, c.toBuilder().build());
    assertTrue(c.toString().contains("options={websocket.max_queued_bytes=1024}"), c.toString());
    FlowException e = assertThrows(FlowException.class, () -> GatewayConfig.builder().option("websocket.maxQueuedBytes", "1")
        .option("cors", "*").build());
    assertEquals("invalid gateway configuration: option names are <transport>.<snake_case_name> (e.g. websocket.max_queued_bytes),"
        + " got 'cors'; option names are <transport>.<snake_case_name> (e.g. websocket.max_queued_bytes), got 'websocket.maxQueuedBytes'",
        e.status().description());
  }

  @Test
  void maxTopKIsTenThousandByDefaultKeptByCopiesAndAtLeastOne() {
    assertEquals(10_000, GatewayConfig.defaults().maxTopK());
    GatewayConfig c = GatewayConfig.builder().maxTopK(50).build();
    assertEquals(50, c.maxTopK());
    assertEquals(c, c.toBuilder().build());
    assertEquals(50, c.withPort(1234).maxTopK());
    assertTrue(!c.equals(GatewayConfig.defaults()) && c.toString().contains("maxTopK=50"), c.toString());
    FlowException e = assertThrows(FlowException.class, () -> GatewayConfig.builder().maxTopK(0).build());
    assertEquals("invalid gateway configuration: maxTopK must be at least 1, got 0", e.status().description());
  }

  @Test
  void theRateLimitIsOffByDefaultItsBurstFollowsTheRateAndBothAreKeptByCopies() {
    assertEquals(0, GatewayConfig.defaults().maxRequestsPerSecond());
    assertEquals(0, GatewayConfig.defaults().burst());
    assertTrue(!GatewayConfig.defaults().toString().contains("maxRequestsPerSecond"), "no noise when off");
    GatewayConfig c = GatewayConfig.builder().maxRequestsPerSecond(20).build();
    assertEquals(20, c.burst(), "the burst defaults to the rate");
    assertEquals(40, c.toBuilder().maxRequestsPerSecond(40).build().burst(), "a default burst follows a new rate");
    GatewayConfig b = c.toBuilder().burst(5).build();
    assertEquals(5, b.burst());
    assertEquals(b, b.toBuilder().build());
    assertEquals(5, b.withPort(1234).burst());
    assertEquals(c, c.toBuilder().burst(20).build(), "an explicit burst equal to the rate is the default");
    assertTrue(!b.equals(c) && b.toString().contains("maxRequestsPerSecond=20, burst=5"), b.toString());
    FlowException e = assertThrows(FlowException.class, () -> GatewayConfig.builder().maxRequestsPerSecond(-1).burst(-2).build());
    assertEquals("invalid gateway configuration: maxRequestsPerSecond must be 0 (no limit) or positive, got -1; "
        + "burst must be 0 (as many as maxRequestsPerSecond) or positive, got -2", e.status().description());
  }

  @Test
  void aClientConfigReportsEveryInvalidFieldAtOnce() {
    FlowException e = assertThrows(FlowException.class, () -> ClientConfig.builder().protocol("grpc").host(" ").port(70000).maxMessageSize(-1).build());
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertEquals("invalid client configuration: host is required; port must be 0 to 65535, got 70000;"
        + " maxMessageSize must be positive, got -1", e.status().description());
    assertEquals(GatewayConfig.DEFAULT_MAX_MESSAGE_SIZE, ClientConfig.of("grpc", "localhost", 1).maxMessageSize());
  }
}
