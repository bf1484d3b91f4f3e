package dev.jflow.transport.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Client;
import dev.jflow.api.ClientConfig;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.FlowStatus;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Request;
import dev.jflow.api.Secret;
import dev.jflow.api.spi.BearerTokens;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.spi.ExecutorContext;
import dev.jflow.api.testing.EchoHandler;
import dev.jflow.transport.grpc.testing.PlaintextChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The control plane driven by a remote client with an admin token over gRPC, as ControlRequestProtos. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RemoteControlTest {

  /** Tags documents with its version argument. */
  public static final class Versioned implements Executor {
    private String version;

    @Override
    public void open(ExecutorContext context) {
      version = context.with().getString("version", "v1");
    }

    @Override
    public Set<String> reloadableArgs() {
      return Set.of("version");
    }

    @Override
    public void handle(Request request) {
      request.docs().forEach(d -> d.tag("version", version));
    }

    @Override
    public void close() {}
  }

  @Test
  void aRemoteClientReadsStatusScalesReloadsAndUpdates(@TempDir Path workspace) {
    String admin = "remote-control-admin-token";
    try (Flow f = Flow.builder().name("remote").protocol("grpc").host("127.0.0.1").workspace(workspace)
        .authenticator(BearerTokens.builder().adminTokens(Secret.of(admin)).build())
        .add(PodSpec.builder("worker").uses(Versioned::new).build()).build().start();
        Client c = Client.connect(ClientConfig.builder().protocol("grpc").host("127.0.0.1")
            .port(f.async().gatewayAddress().port()).token(admin).build())) {
      FlowStatus s = c.status().join();
      assertEquals("remote", s.flow());
      assertTrue(s.ready());
      assertEquals(1, s.pod("worker").ready());

      c.scale("worker", 3).join();
      assertEquals(3, f.status().pod("worker").ready(), "the Flow scaled");
      assertEquals(3, c.status().join().pod("worker").ready(), "and the remote status says so");

      assertEquals(List.of("worker"), c.reload("work.*").join());
      c.rollingUpdate("worker", Map.of("version", "v2")).join();
      assertEquals("v2", c.search(List.of(Document.ofText("q")), 0).join().get(0).docs().get(0).tags().get("version"));

      Exception e = assertThrows(Exception.class, () -> c.scale("nope", 2).join());
      FlowException fe = dev.jflow.api.internal.Futures.toFlowException(e);
      assertTrue(fe.getMessage().contains("has no pod 'nope'"), fe.getMessage());
      Exception dump = assertThrows(Exception.class, () -> c.dump("worker", workspace.resolve("x").toString(), 1).join());
      assertTrue(dev.jflow.api.internal.Futures.toFlowException(dump).getMessage().contains("cannot dump"), dump.toString());
    }
  }

  @Test
  void healthTellsLivenessFromReadiness() {
    EchoHandler handler = new EchoHandler();
    dev.jflow.api.spi.GatewayServer server = new GrpcTransportProvider().newGatewayServer(
        dev.jflow.api.GatewayConfig.defaults().withHost("127.0.0.1"), handler);
    server.start().join();
    PlaintextChannel channel = PlaintextChannel.to(server.address().port());
    try {
      io.grpc.health.v1.HealthGrpc.HealthBlockingStub health = io.grpc.health.v1.HealthGrpc.newBlockingStub(channel.channel());
      java.util.function.Function<String, io.grpc.health.v1.HealthCheckResponse.ServingStatus> check =
          name -> health.check(io.grpc.health.v1.HealthCheckRequest.newBuilder().setService(name).build()).getStatus();
      assertEquals(io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING, check.apply("jina.JinaRPC"));
      handler.ready.set(false);
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
          .until(() -> check.apply("jina.JinaRPC") == io.grpc.health.v1.HealthCheckResponse.ServingStatus.NOT_SERVING);
      assertEquals(io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING, check.apply(""), "still alive while not ready");
      handler.ready.set(true);
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
          .until(() -> check.apply("jina.JinaRPC") == io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
    } finally {
      channel.close();
      server.close();
    }
  }
}
