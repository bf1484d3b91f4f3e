package dev.jflow.core.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jflow.api.ClientConfig;
import dev.jflow.api.Document;
import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.JsonMap;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.spi.ClientCall;
import dev.jflow.api.spi.ClientTransport;
import dev.jflow.api.spi.ExecutorContext;
import dev.jflow.api.spi.GatewayServer;
import dev.jflow.api.spi.RequestHandler;
import dev.jflow.api.spi.ResponseObserver;
import dev.jflow.api.spi.TraceContext;
import dev.jflow.api.spi.TransportProvider;
import dev.jflow.core.testing.RecordingTelemetry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A remote pod's connection meters and trace propagation, against a remote that goes away on demand. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RemoteExecutorTelemetryTest {
  private final RecordingTelemetry telemetry = RecordingTelemetry.create();
  private final Remote remote = new Remote();

  /** A transport to a remote that answers every request (STATUS: ready) while up, and is unreachable while down. */
  static final class Remote implements TransportProvider {
    volatile boolean up = true;
    final List<TraceContext> traces = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "fake";
    }

    @Override
    public GatewayServer newGatewayServer(GatewayConfig config, RequestHandler handler) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ClientTransport newClientTransport(ClientConfig config) {
      return new ClientTransport() {
        @Override
        public ClientCall open(ResponseObserver observer, java.time.Duration timeout) {
          return open(observer, timeout, TraceContext.none());
        }

        @Override
        public ClientCall open(ResponseObserver observer, java.time.Duration timeout, TraceContext trace) {
          return new ClientCall() {
            @Override
            public void send(Request request) {
              if (!up) {
                observer.onError(new FlowException(Status.Code.UNAVAILABLE, "the remote is down"));
                return;
              }
              if (request.type() != RequestType.CONTROL) {
                traces.add(trace);
              }
              Request answer = request;
              if (request.type() == RequestType.CONTROL) {
                JsonMap args = new JsonMap();
                args.put("ready", true);
                JsonMap params = new JsonMap();
                params.put("args", args);
                answer = Request.builder(RequestType.CONTROL).id(request.id()).parameters(params).build();
              }
              observer.onNext(Response.of(answer, Status.SUCCESS, List.of()));
            }

            @Override
            public void halfClose() {}

            @Override
            public void cancel(String reason) {}
          };
        }

        @Override
        public void close() {}
      };
    }
  }

  @Test
  void readinessChangesAReconnectAndEveryCallAreReportedAndCallsCarryTheHopsContext() throws Exception {
    RemoteExecutor executor = new RemoteExecutor(remote, ClientConfig.builder().protocol("fake").host("::1").port(7).build(),
        telemetry, "f", "p");
    executor.open(new ExecutorContext("p", 0, 0, new JsonMap()));
    RecordingTelemetry.Remote meters = telemetry.remotes().get(0);
    assertEquals("fake://[::1]:7", meters.address(), "an IPv6 host is bracketed");
    assertEquals(List.of("ready true"), meters.events());

    TraceContext hop = TraceContext.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "");
    executor.handleAsync(Request.of(RequestType.INDEX, List.of(Document.ofText("x"))), hop).toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(List.of(hop), remote.traces, "the call carries the hop's context");

    remote.up = false;
    assertThrows(Exception.class, () -> executor.handleAsync(Request.of(RequestType.INDEX, List.of(Document.ofText("y"))))
        .toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertEquals(List.of(Status.Code.SUCCESS, Status.Code.UNAVAILABLE), meters.rpcs());
    assertEquals(List.of("ready true", "ready false"), meters.events(), "a failed call marks it lost at once");

    remote.up = true;
    await().atMost(10, TimeUnit.SECONDS).until(() -> meters.events().size() == 4);
    assertEquals(List.of("ready true", "ready false", "ready true", "reconnected"), meters.events(), "the next probe finds it");

    executor.close();
    executor.close();
    assertEquals("closed", meters.events().get(4));
    assertEquals(5, meters.events().size(), "closing twice removes the meters once");
  }
}
