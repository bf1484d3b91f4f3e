package dev.jflow.transport.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Request;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.spi.GatewayServer;
import dev.jflow.api.spi.RequestHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The grpc gateway's own options: declared, checked, and read by the gateway. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GrpcOptionsTest {
  /** Counts how often the gateway asks whether the Flow is ready. */
  private static final class Counting implements RequestHandler {
    final AtomicInteger asked = new AtomicInteger();

    @Override
    public CompletableFuture<Response> handle(Request request, Duration timeout) {
      return CompletableFuture.completedFuture(Response.of(request, Status.SUCCESS, List.of()));
    }

    @Override
    public boolean isReady() {
      asked.incrementAndGet();
      return true;
    }
  }

  @Test
  void theReadinessIntervalSetsHowOftenHealthFollowsTheFlow() {
    Counting handler = new Counting();
    GatewayServer g = new GrpcTransportProvider().newGatewayServer(GatewayConfig.builder().host("127.0.0.1")
        .option(GrpcOptions.READINESS_INTERVAL, Duration.ofMillis(20)).build(), handler);
    g.start().join();
    try (g) {
      // the default (250 ms) would ask about 9 times in these 2 s
      Awaitility.await().atMost(2, TimeUnit.SECONDS).until(() -> handler.asked.get() >= 20);
    }
  }

  @Test
  void unknownOptionsAndBadValuesAreRefused() {
    GrpcTransportProvider p = new GrpcTransportProvider();
    assertEquals(List.of(GrpcOptions.READINESS_INTERVAL), p.options());
    FlowException e = assertThrows(FlowException.class, () -> p.newGatewayServer(GatewayConfig.builder()
        .option("grpc.keepalive", "1s").option("grpc.readiness_interval", "1ms").build(), new Counting()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("unknown gateway option 'grpc.keepalive'; the grpc transport knows [grpc.readiness_interval]")
        && e.getMessage().contains("gateway option grpc.readiness_interval must be a duration of at least 10ms"), e.getMessage());
  }
}
