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
  }

  @Test
  void withersChangeOneFieldAndKeepTheRest() {
    GatewayConfig c = GatewayConfig.defaults().withProtocol("grpc").withHost("127.0.0.1").withPort(8080)
        .withPrefetch(4).withMaxMessageSize(1024);
    assertEquals(new GatewayConfig("grpc", "127.0.0.1", 8080, 4, 1024), c);
    assertEquals(new GatewayConfig("grpc", "127.0.0.1", 9090, 4, 1024), c.withPort(9090));
    assertEquals(GatewayConfig.defaults(), c.withProtocol(null).withHost(null).withPort(0).withPrefetch(50)
        .withMaxMessageSize(GatewayConfig.DEFAULT_MAX_MESSAGE_SIZE));
  }

  @Test
  void aMissingHostMeansEveryInterface() {
    assertEquals("0.0.0.0", new GatewayConfig(null, null, 0, 1, 1).host());
    assertEquals("0.0.0.0", new GatewayConfig(null, "  ", 0, 1, 1).host());
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
    FlowException e = assertThrows(FlowException.class, () -> new GatewayConfig("grpc", "h", -1, 0, 0));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertEquals("invalid gateway configuration: port must be 0 (pick a free port) to 65535, got -1;"
        + " prefetch must be at least 1, got 0; maxMessageSize must be positive, got 0", e.status().description());
  }

  @Test
  void aClientConfigReportsEveryInvalidFieldAtOnce() {
    FlowException e = assertThrows(FlowException.class, () -> new ClientConfig("grpc", " ", 70000, -1));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertEquals("invalid client configuration: host is required; port must be 0 to 65535, got 70000;"
        + " maxMessageSize must be positive, got -1", e.status().description());
    assertEquals(GatewayConfig.DEFAULT_MAX_MESSAGE_SIZE, ClientConfig.of("grpc", "localhost", 1).maxMessageSize());
  }
}
