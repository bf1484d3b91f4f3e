package dev.jflow.core.testing;

import dev.jflow.api.ClientConfig;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Request;
import dev.jflow.api.spi.ClientCall;
import dev.jflow.api.spi.ClientTransport;
import dev.jflow.api.spi.GatewayServer;
import dev.jflow.api.spi.RequestHandler;
import dev.jflow.api.spi.TraceContext;
import dev.jflow.api.spi.TransportAddress;
import dev.jflow.api.spi.TransportProvider;
import dev.jflow.api.testing.CollectingObserver;
import dev.jflow.core.TransportRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One gateway of a transport serving a {@link RequestHandler} directly (no Flow around it), and a client
 * of that transport connected to it: what a contract about the gateway itself (its meters, the trace
 * context it hands on) needs. Closing closes the client, then the gateway.
 */
public final class GatewayUnderTest implements AutoCloseable {
  private final GatewayServer server;
  private final ClientTransport client;

  private GatewayUnderTest(GatewayServer server, ClientTransport client) {
    this.server = server;
    this.client = client;
  }

  /** Starts {@code config}'s gateway of transport {@code protocol} serving {@code handler}, and connects a client. */
  public static GatewayUnderTest start(String protocol, GatewayConfig config, RequestHandler handler) throws Exception {
    TransportProvider provider = TransportRegistry.getDefault().provider(protocol);
    GatewayServer server = provider.newGatewayServer(config, handler);
    try {
      server.start().get(30, TimeUnit.SECONDS);
      TransportAddress a = server.address();
      ClientConfig.Builder c = ClientConfig.builder().protocol(protocol).host(a.host());
      if (a.port() > 0) {
        c.port(a.port());
      }
      return new GatewayUnderTest(server, provider.newClientTransport(c.build()));
    } catch (Exception | Error e) {
      server.closeAsync().get(30, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** Where the gateway listens. */
  public TransportAddress address() {
    return server.address();
  }

  /** Opens a call with {@code trace} whose responses go to {@code observer}; the test sends, ends or cancels it. */
  public ClientCall open(CollectingObserver observer, TraceContext trace) {
    return client.open(observer, Duration.ofSeconds(30), trace);
  }

  /** Opens a call with {@code trace}, sends {@code requests} and ends its input; the observer hears the rest. */
  public CollectingObserver call(TraceContext trace, List<Request> requests) {
    CollectingObserver observer = new CollectingObserver();
    ClientCall call = client.open(observer, Duration.ofSeconds(30), trace);
    requests.forEach(call::send);
    call.halfClose();
    return observer;
  }

  @Override
  public void close() throws Exception {
    try {
      client.close();
    } finally {
      server.closeAsync().get(30, TimeUnit.SECONDS);
    }
  }
}
