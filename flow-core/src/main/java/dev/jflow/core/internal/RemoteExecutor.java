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
 * closed after their calls. Each request goes to the next ready endpoint in turn; one whose transport
 * fails the call (no connection, the stream broken, no response) is marked not ready and the request is
 * tried once more on another ready endpoint; an error response (whatever its status, UNAVAILABLE included)
 * fails the request with the remote's status and leaves readiness alone, since the remote answered. So a
 * request is sent at least once and at most twice (three times when a stream it was on was refused for
 * another request, below): a stream broken mid-call may have been processed by the remote before the
 * retry runs it again elsewhere (at-least-once, as for Jina's retries). An IP
 * address (or an in-process name) is one endpoint. Each endpoint is probed (a STATUS control request)
 * when the pod opens, again and again for up to {@code remote_ready_ms} (default {@value #READY_WAIT_MS}
 * ms) until one is ready — none ready fails the start — and every {@value #PROBE_MS} ms after, so {@link
 * #isReady()} (some endpoint ready) follows the remote processes going away and coming back. Its {@link
 * RemoteMetrics} get every change of that readiness, a reconnect when a lost remote answers again, and
 * every call's outcome and time; a call made for a traced request carries its hop's trace context.
 *
 * <p>Each endpoint sends its requests on one long-lived stream (a {@link RemoteStream}: one call of the
 * transport, opened with the first request, opened again after it ended), replies matched by request
 * id; probes, traced requests, a second request with an id already in flight, and requests past the
 * stream's bounds ({@value RemoteStream#MAX_REQUESTS} requests, 32 MiB) go on calls of their own. A
 * stream that breaks (connection lost, remote draining, endpoint closed) fails each of its requests in
 * flight as a broken call: UNAVAILABLE, so each is tried once more on another ready endpoint as above. A
 * stream the remote refuses for one request (its budget, rate, {@code top_k} limit or a role) sends each
 * of its requests once more on a call of its own, so that only the refused one fails, with the remote's
 * status; that too may run a request twice (at-least-once).
 */
final class RemoteExecutor implements AsyncExecutor, Traced {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RemoteExecutor.class);
  static final long PROBE_MS = 1_000;
  static final long PROBE_TIMEOUT_MS = 2_000;
  static final long READY_WAIT_MS = 10_000;
  static final long RESOLVE_MS = 2_000;
  /** How often a call refused by endpoints that retired meanwhile goes to the next one. */
  private static final int MAX_REFUSALS = 4;
  private static final ScheduledExecutorService PROBES = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "jflow-remote-probe");
    t.setDaemon(true);
    return t;
  });

  /** Closes retired endpoints' clients (a close may wait for its calls): never under a lock nor on the probe thread. */
  static final java.util.concurrent.ExecutorService CLOSER = bounded("jflow-remote-close");
  /** Looks names up again (the system's resolver may block), off the probe thread; one lookup per pod at a time. */
  private static final java.util.concurrent.ExecutorService LOOKUPS = bounded("jflow-remote-lookup");

  /** At most 2 daemon threads (gone when idle), 1,024 tasks waiting; beyond that the caller runs the task. */
  private static java.util.concurrent.ExecutorService bounded(String name) {
    java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(2, 2, 10, TimeUnit.SECONDS,
        new java.util.concurrent.LinkedBlockingQueue<>(1_024), r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        }, new java.util.concurrent.ThreadPoolExecutor.CallerRunsPolicy());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

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
  private ScheduledFuture<?> probing; // guarded by this
  private ScheduledFuture<?> resolving; // guarded by this
  private final java.util.concurrent.atomic.AtomicBoolean lookingUp = new java.util.concurrent.atomic.AtomicBoolean();

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
    try {
      awaitReady(readyWaitMs, alive);
      synchronized (this) { // scheduled only while open, so close() cancels what was scheduled
        if (closed) {
          throw closedWhileOpening();
        }
        probing = PROBES.scheduleWithFixedDelay(() -> endpoints.forEach(this::probeQuietly), PROBE_MS, PROBE_MS, TimeUnit.MILLISECONDS);
        if (resolver != null) {
          resolving = PROBES.scheduleWithFixedDelay(this::lookUpLater, resolveMs, resolveMs, TimeUnit.MILLISECONDS);
        }
      }
    } catch (InterruptedException | RuntimeException | Error e) {
      close(); // a failed open leaves no endpoint, meter nor schedule behind
      throw e;
    }
  }

  private void awaitReady(long readyWaitMs, java.util.function.BooleanSupplier alive) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(readyWaitMs);
    while (true) {
      if (closed) {
        throw closedWhileOpening();
      }
      FlowException last;
      try {
        refresh();
        last = probeAll();
      } catch (FlowException e) {
        last = e;
      }
      if (last == null) {
        return;
      }
      boolean late = System.nanoTime() > deadline;
      if (late || !alive.getAsBoolean()) {
        throw new FlowException(Status.of(Status.Code.UNAVAILABLE, "remote pod " + address + (late ? " is unreachable: "
            : " stopped before it was ready: ") + last.status().description()).withCause(last));
      }
      synchronized (this) { // a remote that is still starting gets another chance; close() wakes this at once
        if (!closed) {
          wait(200);
        }
      }
    }
  }

  private FlowException closedWhileOpening() {
    return new FlowException(Status.Code.UNAVAILABLE, "remote pod " + address + " was closed while opening");
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
          endpoints = List.of(new RemoteEndpoint(null, provider.newClientTransport(config), "remote pod " + address, CLOSER));
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
    boolean started;
    synchronized (this) {
      started = probing != null;
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
            "remote pod " + address + " at " + a.getHostAddress(), CLOSER);
        next.add(e);
        added.add(e);
      }
      endpoints = List.copyOf(next);
      gone.forEach(RemoteEndpoint::retire); // their clients close on the closer, not under this lock
      retired = !gone.isEmpty();
      if (!gone.isEmpty() || (!added.isEmpty() && started)) {
        LOG.info("remote pod {}: addresses now {}", address, next.stream().map(e -> e.address().getHostAddress()).toList());
      }
    }
    if (started) { // after the start, new endpoints are probed at once
      added.forEach(this::probeQuietly);
    }
    if (retired) {
      readiness(); // a ready endpoint may have gone
    }
  }

  /** Has the name looked up again on a lookup thread, unless the last lookup still runs. */
  private void lookUpLater() {
    if (!closed && lookingUp.compareAndSet(false, true)) {
      try {
        LOOKUPS.execute(() -> {
          try {
            refreshQuietly();
          } finally {
            lookingUp.set(false);
          }
        });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        lookingUp.set(false);
      }
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
    return call(first, request, trace, null, 0).thenAccept(response -> {
      // as they came when not decoded (bytes forwarded); the response may be a view of the very list replaced
      dev.jflow.api.internal.DocumentList.replace(request.docs(), response.docs());
    });
  }

  /**
   * One attempt on {@code endpoint} ({@code failed}: the endpoint whose transport failed the first
   * attempt, null for the first), metered. An error response fails the request with the remote status,
   * marked not to retry, and leaves readiness alone: the remote answered. A failure of the transport (no
   * response) marks the endpoint not ready and, on a first attempt, tries another ready endpoint; with
   * none, the failure goes up unmarked when this pod has one address (the replica layer may try another
   * replica: a docker:// pod's replicas are other containers), marked when it has a name (every replica
   * reaches the same addresses). A second transport
   * failure is marked not to retry: this layer already retried. An endpoint that retired since it was
   * picked refused the call before sending it: the next endpoint in turn takes it, neither metered nor
   * counted as a failure ({@code refusals} bounds how often).
   */
  private CompletableFuture<Response> call(RemoteEndpoint endpoint, Request request, TraceContext trace, RemoteEndpoint failed,
      int refusals) {
    long start = System.nanoTime();
    return endpoint.send(request, trace).handle((response, e) -> {
      if (e != null && Futures.unwrap(e) instanceof RemoteEndpoint.Retired) {
        RemoteEndpoint next = refusals < MAX_REFUSALS ? pick(failed) : null;
        if (next == null || next == endpoint) { // a retry refused is still this layer's retry: no other layer's
          FlowException refused = Futures.toFlowException(e);
          return CompletableFuture.<Response>failedFuture(failed == null ? refused : new RemoteFailure(refused.status().withCause(refused)));
        }
        return call(next, request, trace, failed, refusals + 1);
      }
      Status.Code code = e != null ? Futures.toFlowException(e).code() : response.isError() ? response.status().code() : Status.Code.SUCCESS;
      if (!closed) { // racy with close(), so FlowTelemetry's handle also ignores calls once closed
        metrics.rpc(code, System.nanoTime() - start);
      }
      if (e == null && response.isError()) {
        return CompletableFuture.<Response>failedFuture(new RemoteFailure(Status.of(response.status().code(),
            endpoint.peer() + " failed: " + response.status().description(), response.status().exception())));
      }
      if (e == null) {
        return CompletableFuture.completedFuture(response);
      }
      FlowException lost = Futures.toFlowException(e);
      if (lost.code() == Status.Code.UNAVAILABLE) {
        endpoint.ready(false); // until a probe finds it again
        readiness();
      }
      RemoteEndpoint other = failed == null && lost.code() == Status.Code.UNAVAILABLE ? pick(endpoint) : null;
      if (other != null) {
        return call(other, request, trace, endpoint, refusals);
      }
      // a name's endpoints are every replica's too: another replica would send it to the same addresses
      boolean retried = failed != null || resolver != null;
      return CompletableFuture.<Response>failedFuture(retried ? new RemoteFailure(lost.status().withCause(lost)) : lost);
    }).thenCompose(f -> f);
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

  @Override
  public void close() {
    ScheduledFuture<?> p;
    ScheduledFuture<?> r;
    synchronized (this) {
      if (!closed) {
        closed = true;
        metrics.close();
        notifyAll(); // an open waiting for the remote stops at once
      }
      p = probing;
      r = resolving;
      probing = null;
      resolving = null;
    }
    if (p != null) {
      p.cancel(false);
    }
    if (r != null) {
      r.cancel(false);
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
