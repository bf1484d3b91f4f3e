package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.ClientConfig;
import dev.jflow.api.Flow;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.spi.ClientTransport;
import dev.jflow.api.spi.GatewayServer;
import dev.jflow.api.spi.RequestHandler;
import dev.jflow.api.spi.TransportProvider;
import dev.jflow.core.Flows;
import dev.jflow.core.TransportRegistry;
import dev.jflow.core.testing.TestExecutors;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What a transport is handed to draw the Flow: its pods as the Mermaid source {@code jflow export mermaid} prints. */
class FlowChartTest {
  /** The in-process transport, keeping the handler its gateway is given. */
  static final class Capturing implements TransportProvider {
    final CompletableFuture<RequestHandler> handler = new CompletableFuture<>();

    @Override
    public String name() {
      return "capturing";
    }

    @Override
    public GatewayServer newGatewayServer(GatewayConfig config, RequestHandler h) {
      handler.complete(h);
      return new InProcessGatewayServer(config, h);
    }

    @Override
    public ClientTransport newClientTransport(ClientConfig config) {
      return new InProcessClientTransport(config.host(), config.token());
    }
  }

  @Test
  void theHandlerAGatewayIsGivenDrawsTheFlowsPods() {
    Capturing capturing = new Capturing();
    TransportRegistry registry = TransportRegistry.builder().discover(false).register(capturing).build();
    var b = Flow.builder().protocols("capturing").add("encoder", TestExecutors.MemoryIndexer::new);
    try (AsyncFlow f = Flows.create(b.add("indexer", TestExecutors.MemoryIndexer::new).spec(), registry)) {
      f.start().join();
      String chart = capturing.handler.join().flowChart().orElseThrow();
      assertTrue(chart.startsWith("flowchart LR\n"), chart);
      assertTrue(chart.contains("pod_encoder[\"encoder") && chart.contains("pod_indexer[\"indexer"), chart);
      assertTrue(chart.contains("pod_encoder --> pod_indexer"), "the edges follow the needs: " + chart);
    }
  }
}
