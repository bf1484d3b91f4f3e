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
import dev.jflow.api.spi.ExecutorContext;
import dev.jflow.api.spi.RemoteMetrics;
import dev.jflow.api.spi.Telemetry;
import dev.jflow.api.spi.TraceContext;
import dev.jflow.api.spi.TransportProvider;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A pod whose work happens in other JFlow processes: each request is sent to one of their gateways over
 * the named transport, and the documents that come back replace the request's. A host that is a name
 * (not an IP address) stands for every address it resolves to (a Compose or Swarm service, a Kubernetes
 * headless Service): one endpoint per address, looked up again every {@code remote_resolve_ms} (a pod
 * argument, default {@value #RESOLVE_MS} ms), so added addresses are used once ready and removed ones are
 * closed after their calls. Each request goes to the next ready endpoint in turn; one that fails it with
 * UNAVAILABLE is marked not ready and the request is tried once more on another ready endpoint. An IP
 * address (or an in-process name) is one endpoint. Each endpoint is probed (a STATUS control request)
 * when the pod opens, again and again for up to {@code remote_ready_ms} (default {@value #READY_WAIT_MS}
 * ms) until one is ready — none ready fails the start — and every {@value #PROBE_MS} ms after, so {@link
 * #isReady()} (some endpoint ready) follows the remote processes going away and coming back. Its {@link
 * RemoteMetrics} get every change of that readiness, a reconnect when a lost remote answers again, and
 * every call's outcome and time; a call made for a traced request carries its hop's trace context.
 */
final class RemoteExecutor implements AsyncExecutor, Traced {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RemoteExecutor.class);
  static final long PROBE_MS = 1_000;
  static final long PROBE_TIMEOUT_MS = 2_000;
  static final long READY_WAIT_MS = 10_000;
  static final long RESOLVE_MS = 2_000;
  private static final ScheduledExecutorService PROBES = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "jflow-remote-probe");
    t.setDaemon(true);
    return t;
  });

  /** Every address of a name, from the system's resolver (cached as {@code networkaddress.cache.ttl} says). */
  static final Function<String, List<InetAddress>> DNS = host -> {
    try {
      return List.of(InetAddress.getAllByName(host));
    } catch (UnknownHostException e) {
      throw new FlowException(Status.Code.UNAVAILABLE, "the name " + host + " does not resolve (" + e.getMessage() + ")");
    }
  };

  private final TransportProvider provider;
  private final ClientConfig config;
  private final String address;
  private final RemoteMetrics metrics;
  private final Function<String, List<InetAddress>> resolver; // null: the host is the one endpoint
  private final AtomicInteger turn = new AtomicInteger();
  private volatile List<RemoteEndpoint> endpoints = List.of(); // replaced, never changed, under this
  private volatile boolean ready;
  private Boolean reported; // the readiness the meters were last told, null before the first probe; guarded by this
  private boolean lost; // it was ready, then stopped answering; guarded by this
  private volatile boolean closed; // set under this; once closed the meters are gone and hear nothing more
  private boolean resolveFailing; // guarded by this
  private ScheduledFuture<?> probing;
  private ScheduledFuture<?> resolving;

  /** A remote pod {@code pod} of Flow {@code flow} at {@code config}'s address, reporting to {@code telemetry}. */
  RemoteExecutor(TransportProvider provider, ClientConfig config, Telemetry telemetry, String flow, String pod) {
    this(provider, config, telemetry, flow, pod, DNS);
  }

  /** As above, looking names up with {@code resolver} (a name to its addresses, or a FlowException saying why none). */
  RemoteExecutor(TransportProvider provider, ClientConfig config, Telemetry telemetry, String flow, String pod,
      Function<String, List<InetAddress>> resolver) {
    this.provider = provider;
    this.config = config;
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host(); // an IPv6 address
    this.address = config.protocol() + "://" + host + ":" + config.port();
    this.metrics = telemetry.remote(flow, pod, address);
    boolean named = !(provider instanceof InProcessTransportProvider) && !isAddress(config.host());
    this.resolver = named ? resolver : null;
  }

  /** Whether {@code host} is an IP address rather than a name (an in-process name never is looked up either). */
  static boolean isAddress(String host) {
    return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  @Override
  public void open(ExecutorContext context) throws InterruptedException {
    open((long) context.with().getNumber("remote_ready_ms", READY_WAIT_MS),
        (long) context.with().getNumber("remote_resolve_ms", RESOLVE_MS), () -> true);
  }

  /**
   * Opens, probing the remote for up to {@code readyWaitMs} while {@code alive} says it may still come
   * (a container that stopped will not): then it fails with UNAVAILABLE. A name is looked up again every
   * {@code resolveMs}.
   */
  void open(long readyWaitMs, long resolveMs, java.util.function.BooleanSupplier alive) throws InterruptedException {
    if (resolveMs < 1) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "remote pod " + address + ": remote_resolve_ms must be positive, got "
          + resolveMs + " (how often its name is looked up again, default " + RESOLVE_MS + ")");
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(readyWaitMs);
    while (true) {
      FlowException last;
      try {
        refresh();
        last = probeAll();
      } catch (FlowException e) {
        last = e;
      }
      if (last == null) {
        break;
      }
      boolean late = System.nanoTime() > deadline;
      if (late || !alive.getAsBoolean()) {
        closeEndpoints();
        throw new FlowException(Status.of(Status.Code.UNAVAILABLE, "remote pod " + address + (late ? " is unreachable: "
            : " stopped before it was ready: ") + last.status().description()).withCause(last));
      }
      Thread.sleep(200); // a remote that is still starting gets another chance
    }
    probing = PROBES.scheduleWithFixedDelay(() -> endpoints.forEach(this::probeQuietly), PROBE_MS, PROBE_MS, TimeUnit.MILLISECONDS);
    if (resolver != null) {
      resolving = PROBES.scheduleWithFixedDelay(this::refreshQuietly, resolveMs, resolveMs, TimeUnit.MILLISECONDS);
    }
  }

  /** Probes every endpoint at once; null when one is ready, else the failure of one that is not. */
  private FlowException probeAll() {
    List<CompletableFuture<Void>> probes = new ArrayList<>();
    endpoints.forEach(e -> probes.add(probe(e)));
    FlowException failure = new FlowException(Status.Code.UNAVAILABLE, "no address answered");
    for (CompletableFuture<Void> p : probes) {
      try {
        Futures.await(p);
      } catch (FlowException e) {
        failure = e;
      }
    }
    return ready ? null : failure;
  }

  @Override
  public boolean isReady() {
    return ready;
  }

  /** Asks one endpoint's gateway for its status; it is ready when it answers that it is. */
  private CompletableFuture<Void> probe(RemoteEndpoint endpoint) {
    Request status = Request.builder(RequestType.CONTROL)
        .parameters(Map.of("command", "STATUS", "targets", List.of(), "propagate", false, "args", Map.of())).build();
    return endpoint.send(status, TraceContext.none()).orTimeout(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS).handle((r, e) -> {
      Object args = r == null ? null : r.parameters().get("args");
      endpoint.ready(e == null && args instanceof JsonMap && Boolean.TRUE.equals(((JsonMap) args).get("ready")));
      readiness();
      if (e != null) {
        throw Futures.toFlowException(e);
      }
      return null;
    });
  }

  private void probeQuietly(RemoteEndpoint endpoint) {
    probe(endpoint).exceptionally(e -> null);
  }

  /** Sets the readiness (some endpoint ready), telling the meters when it changed (and when a lost remote is back). */
  private synchronized void readiness() {
    boolean now = endpoints.stream().anyMatch(RemoteEndpoint::ready);
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

  /**
   * Looks the name up again: keeps the endpoints still named (in their order), adds one for each new
   * address (probed at once, used once ready) and retires the others. The first time, also makes the one
   * endpoint of an IP address or in-process name.
   *
   * @throws FlowException when the name does not resolve; the endpoints are then kept as they are
   */
  private void refresh() {
    if (resolver == null) {
      synchronized (this) {
        if (endpoints.isEmpty() && !closed) {
          endpoints = List.of(new RemoteEndpoint(null, provider.newClientTransport(config), "remote pod " + address, PROBES));
        }
      }
      return;
    }
    List<InetAddress> found = resolver.apply(config.host());
    if (found == null || found.isEmpty()) {
      throw new FlowException(Status.Code.UNAVAILABLE, "the name " + config.host() + " resolves to no address");
    }
    List<RemoteEndpoint> added = new ArrayList<>();
    boolean retired;
    synchronized (this) {
      if (closed) {
        return;
      }
      Set<InetAddress> named = new LinkedHashSet<>(found);
      List<RemoteEndpoint> next = new ArrayList<>();
      List<RemoteEndpoint> gone = new ArrayList<>();
      for (RemoteEndpoint e : endpoints) {
        (named.remove(e.address()) ? next : gone).add(e);
      }
      for (InetAddress a : named) {
        RemoteEndpoint e = new RemoteEndpoint(a, provider.newClientTransport(config.toBuilder().address(a).build()),
            "remote pod " + address + " at " + a.getHostAddress(), PROBES);
        next.add(e);
        added.add(e);
      }
      endpoints = List.copyOf(next);
      gone.forEach(RemoteEndpoint::retire);
      retired = !gone.isEmpty();
      if (!gone.isEmpty() || (!added.isEmpty() && probing != null)) {
        LOG.info("remote pod {}: addresses now {}", address, next.stream().map(e -> e.address().getHostAddress()).toList());
      }
    }
    if (probing != null) { // after the start, new endpoints are probed at once
      added.forEach(this::probeQuietly);
    }
    if (retired) {
      readiness(); // a ready endpoint may have gone
    }
  }

  private void refreshQuietly() {
    try {
      refresh();
      synchronized (this) {
        resolveFailing = false;
      }
    } catch (RuntimeException e) {
      synchronized (this) {
        if (!resolveFailing && !closed) {
          LOG.warn("remote pod {}: looking its name up again failed, keeping its addresses: {}", address, e.getMessage());
        }
        resolveFailing = true;
      }
    }
  }

  @Override
  public CompletionStage<Void> handleAsync(Request request) {
    return handleAsync(request, TraceContext.none());
  }

  /**
   * {@link #handleAsync(Request)} as part of the trace {@code trace}: the remote Flow's spans join it.
   * Sent to the next ready endpoint, and once more to another ready one if that one is unavailable.
   */
  @Override
  public CompletionStage<Void> handleAsync(Request request, TraceContext trace) {
    RemoteEndpoint first = pick(null);
    if (first == null) {
      return CompletableFuture.failedFuture(new FlowException(Status.Code.UNAVAILABLE, "remote pod " + address + " is closed"));
    }
    return call(first, request, trace).handle((response, failure) -> {
      RemoteEndpoint other = failure != null && unavailable(failure) ? pick(first) : null;
      if (other != null) {
        return call(other, request, trace);
      }
      return failure == null ? CompletableFuture.completedFuture(response) : CompletableFuture.<Response>failedFuture(failure);
    }).thenCompose(f -> f).thenAccept(response -> {
      // copied first: over the in-process transport the response may hold the very list being replaced
      List<dev.jflow.api.Document> docs = new ArrayList<>(response.docs());
      request.docs().clear();
      request.docs().addAll(docs);
    });
  }

  /** One attempt on {@code endpoint}: an error response fails it with the remote status; metered either way. */
  private CompletableFuture<Response> call(RemoteEndpoint endpoint, Request request, TraceContext trace) {
    long start = System.nanoTime();
    return endpoint.send(request, trace).thenApply(response -> {
      if (response.isError()) {
        throw new FlowException(Status.of(response.status().code(),
            endpoint.peer() + " failed: " + response.status().description(), response.status().exception()));
      }
      return response;
    }).whenComplete((r, e) -> {
      Status.Code code = e == null ? Status.Code.SUCCESS : Futures.toFlowException(e).code();
      if (!closed) { // racy with close(), so FlowTelemetry's handle also ignores calls once closed
        metrics.rpc(code, System.nanoTime() - start);
      }
      if (code == Status.Code.UNAVAILABLE) {
        endpoint.ready(false); // until a probe finds it again
        readiness();
      }
    });
  }

  /**
   * The next ready endpoint in turn other than {@code not}; when none is ready, the next in turn (for a
   * first attempt) or null (for a retry).
   */
  private RemoteEndpoint pick(RemoteEndpoint not) {
    List<RemoteEndpoint> all = endpoints;
    int n = all.size();
    if (n == 0) {
      return null;
    }
    int start = Math.floorMod(turn.getAndIncrement(), n);
    for (int i = 0; i < n; i++) {
      RemoteEndpoint e = all.get((start + i) % n);
      if (e != not && e.ready()) {
        return e;
      }
    }
    return not == null ? all.get(start) : null;
  }

  private static boolean unavailable(Throwable t) {
    return Futures.toFlowException(t).code() == Status.Code.UNAVAILABLE;
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
    if (resolving != null) {
      resolving.cancel(false);
    }
    closeEndpoints();
  }

  private void closeEndpoints() {
    List<RemoteEndpoint> all;
    synchronized (this) {
      all = endpoints;
      endpoints = List.of();
    }
    all.forEach(RemoteEndpoint::close);
  }

  @Override
  public String toString() {
    return "remote pod " + address;
  }
}
