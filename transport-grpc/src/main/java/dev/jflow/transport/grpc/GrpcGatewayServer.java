package dev.jflow.transport.grpc;

import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Status;
import dev.jflow.api.spi.Admission;
import dev.jflow.api.spi.GatewayMetrics;
import dev.jflow.api.spi.GatewayServer;
import dev.jflow.api.spi.RequestHandler;
import dev.jflow.api.spi.TransportAddress;
import dev.jflow.proto.DecodeLimits;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC gateway: serves {@code jina.JinaRPC/Call}, {@code grpc.health.v1.Health} and server
 * reflection on one port. Health tells liveness and readiness apart: the overall service ({@code ""}) is
 * SERVING while the gateway runs; {@code jina.JinaRPC} is SERVING only while every pod is ready
 * (checked every {@link GrpcOptions#READINESS_INTERVAL}, 250 ms by default). Messages over the configured maximum are
 * refused with RESOURCE_EXHAUSTED. Every stream is admitted by one {@link Admission}, with the token and
 * the W3C trace context its metadata carries. The gateway's meters (the admission's, those of protocol
 * {@code grpc}) hear of its connections and the bytes of every response, the admission's of its calls. Closing drains:
 * new streams and requests are refused, accepted requests finish within the configured grace period,
 * and what is still running then is cut with UNAVAILABLE.
 */
final class GrpcGatewayServer implements GatewayServer {
  /** How long the server may take to stop once the drain is over. */
  static final long STOP_WAIT_MS = 2_000;

  private final GatewayConfig config;
  private final RequestHandler handler;
  private final Admission admission;
  private final GatewayMetrics metrics;
  private final DecodeLimits limits;
  private final HealthStatusManager health = new HealthStatusManager();
  private Server server;
  private java.util.concurrent.ScheduledExecutorService readiness;
  private Boolean lastReady;
  private CompletableFuture<Void> started;
  private CompletableFuture<Void> closed;

  GrpcGatewayServer(GatewayConfig config, RequestHandler handler) {
    this.config = config;
    this.handler = handler;
    this.admission = Admission.of(config, handler, GrpcTransportProvider.NAME);
    this.metrics = admission.metrics();
    this.limits = DecodeLimits.forMessageSize(config.maxMessageSize());
  }

  @Override
  public synchronized CompletableFuture<Void> start() {
    if (started != null) {
      return started;
    }
    if (closed != null) {
      return started = CompletableFuture.failedFuture(new FlowException(Status.Code.FAILED_PRECONDITION, "the gRPC gateway is closed"));
    }
    ServerServiceDefinition jina = ServerServiceDefinition.builder(JinaRpc.SERVICE)
        .addMethod(JinaRpc.SERVER_METHOD, ServerCalls.asyncBidiStreamingCall(
            responses -> new GatewayCall(responses, admission, limits, metrics)))
        .build();
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()))
        .maxInboundMessageSize(config.maxMessageSize())
        .directExecutor()
        .addService(io.grpc.ServerInterceptors.intercept(jina, new BearerMetadata(), new TraceMetadata()))
        .addTransportFilter(new ConnectionMeter(metrics))
        .addService(health.getHealthService())
        .addService(ProtoReflectionServiceV1.newInstance());
    if (config.tls() != null) {
      try {
        builder.sslContext(GrpcTls.server(config.tls()));
      } catch (FlowException e) {
        return started = CompletableFuture.failedFuture(e);
      }
    }
    server = builder.build();
    try {
      server.start();
    } catch (IOException e) {
      return started = CompletableFuture.failedFuture(new FlowException(Status.Code.UNAVAILABLE,
          "cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e));
    }
    health.setStatus("", ServingStatus.SERVING);
    checkReadiness();
    readiness = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "jflow-grpc-readiness");
      t.setDaemon(true);
      return t;
    });
    long every = config.option(GrpcOptions.READINESS_INTERVAL).toMillis();
    readiness.scheduleWithFixedDelay(this::checkReadiness, every, every, TimeUnit.MILLISECONDS);
    return started = CompletableFuture.completedFuture(null);
  }

  private void checkReadiness() {
    boolean ready = handler.isReady(); // outside our lock: the Flow takes its own lock, and calls address() under it
    synchronized (this) {
      updateHealth(ready);
    }
  }

  private void updateHealth(boolean ready) {
    if (closed != null) {
      return;
    }
    if (lastReady == null || lastReady != ready) {
      lastReady = ready;
      health.setStatus(JinaRpc.SERVICE_NAME, ready ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
    }
  }

  @Override
  public synchronized TransportAddress address() {
    if (server == null) {
      throw new FlowException(Status.Code.FAILED_PRECONDITION, "the gRPC gateway is not started");
    }
    return new TransportAddress(GrpcTransportProvider.NAME, config.host(), server.getPort());
  }

  /** Stops the server once the drain is over; {@code cut} is the drain's failure when it had to cut calls. */
  private static void stop(Server s, Throwable cut, CompletableFuture<Void> done) {
    try {
      if (!s.awaitTermination(STOP_WAIT_MS, TimeUnit.MILLISECONDS)) {
        s.shutdownNow();
        s.awaitTermination(STOP_WAIT_MS, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      s.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      if (cut == null) {
        done.complete(null);
      } else {
        done.completeExceptionally(cut);
      }
    }
  }

  @Override
  public synchronized CompletableFuture<Void> closeAsync() {
    if (closed != null) {
      return closed;
    }
    closed = new CompletableFuture<>();
    Server s = server;
    if (s == null) {
      closed.complete(null);
      return closed;
    }
    if (readiness != null) {
      readiness.shutdownNow();
    }
    health.enterTerminalState();
    s.shutdown(); // no new streams; open ones go on
    CompletableFuture<Void> done = closed;
    admission.drain().whenComplete((v, cut) -> {
      try {
        Thread t = new Thread(() -> stop(s, cut, done), "jflow-grpc-gateway-close");
        t.setDaemon(true);
        t.start();
      } catch (Throwable noThread) {
        s.shutdownNow();
        done.complete(null); // the close future completes whatever went wrong
      }
    });
    return closed;
  }
}
