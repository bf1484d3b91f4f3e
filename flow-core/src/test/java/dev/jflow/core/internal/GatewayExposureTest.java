package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Secret;
import dev.jflow.api.spi.BearerTokens;
import dev.jflow.api.spi.TransportAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One warning at start for a gateway that anyone on the network may send data to without a token. */
class GatewayExposureTest {
  private static final TransportAddress GRPC = new TransportAddress("grpc", "0.0.0.0", 4242);

  @Test
  void aGatewayOnEveryInterfaceWithoutDataTokensIsWarnedAbout() {
    String w = GatewayExposure.warning("f", GatewayConfig.defaults(), GRPC).orElseThrow();
    assertTrue(w.contains("0.0.0.0:4242") && w.contains("without a token") && w.contains("JFLOW_DATA_TOKENS")
        && w.contains("bind 127.0.0.1"), w);
    GatewayConfig adminOnly = GatewayConfig.builder().authenticator(BearerTokens.builder()
        .adminTokens(Secret.of("admin-token-0123456789")).build()).build();
    assertTrue(GatewayExposure.warning("f", adminOnly, GRPC).isPresent(), "admin tokens alone leave data open");
  }

  @Test
  void loopbackInProcessAndTokenProtectedGatewaysAreNot() {
    assertEquals(Optional.empty(), GatewayExposure.warning("f", GatewayConfig.defaults().withHost("127.0.0.1"), GRPC));
    assertEquals(Optional.empty(), GatewayExposure.warning("f", GatewayConfig.defaults().withHost("::1"), GRPC));
    assertEquals(Optional.empty(), GatewayExposure.warning("f", GatewayConfig.defaults(), new TransportAddress("inprocess", "gateway-1", 0)));
    GatewayConfig tokens = GatewayConfig.builder().authenticator(BearerTokens.builder()
        .dataTokens(Secret.of("data-token-0123456789")).build()).build();
    assertEquals(Optional.empty(), GatewayExposure.warning("f", tokens, GRPC));
  }
}
