package dev.jflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
  void everyInvalidFieldIsReportedAtOnce() {
    FlowException e = assertThrows(FlowException.class, () -> GatewayConfig.builder().protocol("grpc").host("h").port(-1).prefetch(0).maxMessageSize(0).drainGrace(java.time.Duration.ofSeconds(-1)).build());
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertEquals("invalid gateway configuration: port must be 0 (pick a free port) to 65535, got -1;"
        + " prefetch must be at least 1, got 0; maxMessageSize must be positive, got 0; drainGrace must be zero or positive, got PT-1S", e.status().description());
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
