package dev.jflow.core.internal;

import dev.jflow.api.ClientConfig;
import dev.jflow.api.FlowException;
import dev.jflow.api.JsonMap;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Futures;
import dev.jflow.api.spi.AsyncExecutor;
import dev.jflow.api.spi.ClientTransport;
import dev.jflow.api.spi.ExecutorContext;
import dev.jflow.api.spi.RemoteMetrics;
import dev.jflow.api.spi.Telemetry;
import dev.jflow.api.spi.TraceContext;
import dev.jflow.api.spi.TransportProvider;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A pod whose work happens in another JFlow process: each request is sent to that process's gateway
 * over the named transport, and the documents that come back replace the request's. A failed remote
 * request fails this pod with the remote status; an unreachable gateway fails it with UNAVAILABLE
 * naming the address. The remote is probed (a STATUS control request) when the pod opens, again and
 * again for up to {@code remote_ready_ms} (a pod argument, default {@value #READY_WAIT_MS} ms) while it
 * is still starting — one that never answers fails the start — and every {@value #PROBE_MS} ms after,
 * so {@link #isReady()} follows the remote process going away and coming back. Its {@link RemoteMetrics}
 * get every change of readiness, a reconnect when a lost remote answers again, and every call's outcome
 * and time; a call made for a traced request carries its hop's trace context.
 */
final class RemoteExecutor implements AsyncExecutor, Traced {
  static final long PROBE_MS = 1_000;
  static final long PROBE_TIMEOUT_MS = 2_000;
  static final long READY_WAIT_MS = 10_000;
  private static final ScheduledExecutorService PROBES = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "jflow-remote-probe");
    t.setDaemon(true);
    return t;
  });

  private final TransportProvider provider;
  private final ClientConfig config;
  private final String address;
  private final RemoteMetrics metrics;
  private volatile ClientTransport transport;
  private volatile boolean ready;
  private Boolean reported; // the readiness the meters were last told, null before the first probe; guarded by this
  private boolean lost; // it was ready, then stopped answering; guarded by this
  private volatile boolean closed; // set under this; once closed the meters are gone and hear nothing more
  private ScheduledFuture<?> probing;

  /** A remote pod {@code pod} of Flow {@code flow} at {@code config}'s address, reporting to {@code telemetry}. */
  RemoteExecutor(TransportProvider provider, ClientConfig config, Telemetry telemetry, String flow, String pod) {
    this.provider = provider;
    this.config = config;
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host(); // an IPv6 address
    this.address = config.protocol() + "://" + host + ":" + config.port();
    this.metrics = telemetry.remote(flow, pod, address);
  }

  @Override
  public void open(ExecutorContext context) throws InterruptedException {
    open((long) context.with().getNumber("remote_ready_ms", READY_WAIT_MS), () -> true);
  }

  /**
   * Opens, probing the remote for up to {@code readyWaitMs} while {@code alive} says it may still come
   * (a container that stopped will not): then it fails with UNAVAILABLE.
   */
  void open(long readyWaitMs, java.util.function.BooleanSupplier alive) throws InterruptedException {
    transport = provider.newClientTransport(config);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(readyWaitMs);
    while (true) {
      try {
        Futures.await(probe());
        break;
      } catch (FlowException e) {
        boolean late = System.nanoTime() > deadline;
        if (late || !alive.getAsBoolean()) {
          transport.close();
          throw new FlowException(Status.of(Status.Code.UNAVAILABLE, "remote pod " + address + (late ? " is unreachable: "
              : " stopped before it was ready: ") + e.status().description()).withCause(e));
        }
        Thread.sleep(200); // a remote that is still starting gets another chance
      }
    }
    probing = PROBES.scheduleWithFixedDelay(this::probeQuietly, PROBE_MS, PROBE_MS, TimeUnit.MILLISECONDS);
  }

  @Override
  public boolean isReady() {
    return ready;
  }

  /** Asks the remote gateway for its status; ready when it answers that it is. */
  private CompletableFuture<Void> probe() {
    Request status = Request.builder(RequestType.CONTROL)
        .parameters(Map.of("command", "STATUS", "targets", java.util.List.of(), "propagate", false, "args", Map.of())).build();
    return send(status).orTimeout(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS).handle((r, e) -> {
      Object args = r == null ? null : r.parameters().get("args");
      ready(e == null && args instanceof JsonMap && Boolean.TRUE.equals(((JsonMap) args).get("ready")));
      if (e != null) {
        throw Futures.toFlowException(e);
      }
      return null;
    });
  }

  /** Sets the readiness, telling the meters when it changed (and when a lost remote is back). */
  private synchronized void ready(boolean now) {
    ready = now;
    if (closed || (reported != null && reported == now)) {
      return;
    }
    metrics.ready(now);
    if (now && lost) {
      metrics.reconnected();
      lost = false;
    } else if (!now && reported != null) {
      lost = true;
    }
    reported = now;
  }

  private void probeQuietly() {
    probe().exceptionally(e -> null);
  }

  @Override
  public CompletionStage<Void> handleAsync(Request request) {
    return handleAsync(request, TraceContext.none());
  }

  @Override
  public CompletionStage<Void> handleAsync(Request request, TraceContext trace) {
    long start = System.nanoTime();
    return send(request, trace).thenAccept(response -> {
      if (response.isError()) {
        throw new FlowException(Status.of(response.status().code(),
            "remote pod " + address + " failed: " + response.status().description(), response.status().exception()));
      }
      // copied first: over the in-process transport the response may hold the very list being replaced
      java.util.List<dev.jflow.api.Document> docs = new java.util.ArrayList<>(response.docs());
      request.docs().clear();
      request.docs().addAll(docs);
    }).whenComplete((v, e) -> {
      Status.Code code = e == null ? Status.Code.SUCCESS : Futures.toFlowException(e).code();
      if (!closed) { // racy with close(), so FlowTelemetry's handle also ignores calls once closed
        metrics.rpc(code, System.nanoTime() - start);
      }
      if (code == Status.Code.UNAVAILABLE) {
        ready(false); // until a probe finds it again
      }
    });
  }

  private CompletableFuture<Response> send(Request request) {
    return send(request, TraceContext.none());
  }

  private CompletableFuture<Response> send(Request request, TraceContext trace) {
    return OneCall.send(transport, request, "remote pod " + address, trace);
  }

  @Override
  public void close() {
    synchronized (this) {
      if (!closed) {
        closed = true;
        metrics.close();
      }
    }
    if (probing != null) {
      probing.cancel(false);
    }
    if (transport != null) {
      transport.close();
    }
  }

  @Override
  public String toString() {
    return "remote pod " + address;
  }
}
