package dev.jflow.core.internal;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.CallOptions;
import dev.jflow.api.ClientConfig;
import dev.jflow.api.FlowException;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.FlowStatus;
import dev.jflow.api.GatewayAddress;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Inputs;
import dev.jflow.api.OnErrorStrategy;
import dev.jflow.api.PodSpec;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Futures;
import dev.jflow.api.spi.ClientTransport;
import dev.jflow.api.spi.Telemetry;
import dev.jflow.api.spi.TransportAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;

/**
 * The Flow: validates its topology when made, opens pods and the gateways on {@link #start()}, serves
 * CRUD calls through a client of its first gateway's transport (as external clients do), and closes in
 * reverse order. Its pods and router report to the spec's telemetry as guarded once by the factory
 * (so a failing telemetry never reaches a request); the gateways' meters close after the drain. Thread-safe.
 */
final class CoreFlow implements AsyncFlow {
  /** DRAINING: closing, the gateway finishes what it accepted (the router still serves it) and takes nothing new. */
  private enum State { NEW, STARTING, RUNNING, DRAINING, CLOSED }

  private final FlowSpec spec;
  private final Telemetry telemetry;
  private final Topology topology;
  private final Map<String, PodExecutors> factories;
  private final Gateways gateways;
  private final ClientEngine engine;
  private final ControlPlane control;

  private State state = State.NEW;
  private CompletableFuture<Void> started;
  private CompletableFuture<Void> closed;
  private ExecutorService workers;
  private ExecutorService callers;
  private final Map<String, PodRuntime> pods = new LinkedHashMap<>();
  private volatile ClientTransport client;
  private volatile MonitoringServer monitoring;
  private volatile Router router;

  /** A Flow of {@code spec} reporting to {@code telemetry} (the spec's, guarded). */
  CoreFlow(FlowSpec spec, Telemetry telemetry, Topology topology, Map<String, PodExecutors> factories, Gateways gateways) {
    this.spec = spec;
    this.telemetry = telemetry;
    this.topology = topology;
    this.factories = factories;
    this.gateways = gateways;
    this.engine = new ClientEngine(this::client, r -> callers().execute(r));
    Confinement workspace = new Confinement(spec.workspace());
    this.control = new ControlPlane(spec.name(), pods, this::isRunningOrStarting, gateways::addresses, workspace,
        new ReloadPolicy(workspace, spec.allowReloadPaths()));
  }

  @Override
  public FlowSpec spec() {
    return spec;
  }

  @Override
  public CompletableFuture<Void> start() {
    return Futures.forCaller(starting());
  }

  /** Starts once; every later call gets the first call's future. */
  private synchronized CompletableFuture<Void> starting() {
    if (started != null) {
      return started;
    }
    if (state == State.CLOSED || state == State.DRAINING) {
      return started = CompletableFuture.failedFuture(new FlowException(Status.Code.FAILED_PRECONDITION,
          "Flow '" + spec.name() + "' is closed; build a new one"));
    }
    state = State.STARTING;
    started = new CompletableFuture<>();
    String prefix = "jflow-" + spec.name();
    workers = ThreadPools.cached(prefix + "-pod");
    callers = ThreadPools.cached(prefix + "-client");
    for (PodSpec p : topology.pods().values()) {
      PodExecutors e = factories.get(p.name());
      OnErrorStrategy strategy = p.onErrorStrategy() != null ? p.onErrorStrategy() : spec.onErrorStrategy();
      pods.put(p.name(), new PodRuntime(p, strategy, e.uses(), e.before(), e.after(), workers, spec.name(), telemetry));
    }
    List<CompletableFuture<Void>> opening = new ArrayList<>();
    pods.values().forEach(p -> opening.add(p.open()));
    long timeout = spec.timeoutReady().toMillis();
    CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new))
        .orTimeout(timeout, java.util.concurrent.TimeUnit.MILLISECONDS)
        .thenCompose(v -> startGateway())
        .whenComplete((v, e) -> {
          if (e == null) {
            synchronized (this) {
              if (state == State.STARTING) {
                state = State.RUNNING;
                started.complete(null);
                return;
              }
            }
          }
          FlowException failure = e == null
              ? new FlowException(Status.Code.FAILED_PRECONDITION, "Flow '" + spec.name() + "' was closed while starting")
              : startFailure(opening, e, timeout);
          // pods that never became ready get a short grace: they are likely stuck
          closeAsync(FAILED_START_WAIT_MS, true).whenComplete((x, y) -> started.completeExceptionally(failure));
        });
    return started;
  }

  private CompletableFuture<Void> startGateway() {
    String self = SelfTrust.freshToken(); // the Flow's own calls go through its gateway too, trusted by this
    SelfTrust trust = new SelfTrust(spec.name(), self, spec.gateway().authenticator());
    Router r = new Router(spec.name(), topology, pods, this::isRunningOrStarting, control, telemetry,
        dev.jflow.api.internal.Mermaid.of(spec));
    router = r;
    return gateways.start(r, trust).thenRun(() -> {
      TransportAddress a = gateways.firstAddress();
      client = gateways.first().newClientTransport(ClientConfig.builder().protocol(a.protocol()).host(connectHost(a.host()))
          .port(a.port()).token(self)
          .tls(dev.jflow.api.internal.tls.Loopback.clientOf(spec.gateway().tls())).build());
      for (GatewayAddress each : gateways.addresses()) {
        GatewayExposure.warning(spec.name(), spec.gateway(), new TransportAddress(each.protocol(), each.host(), each.port())).ifPresent(org.slf4j.LoggerFactory.getLogger(CoreFlow.class)::warn);
      }
      startMonitoring();
    });
  }

  /** Serves {@code /metrics} when the gateway configuration asks for a monitoring port. */
  private void startMonitoring() {
    if (spec.gateway().monitoringPort() < 0) {
      return;
    }
    MonitoringServer m = MonitoringServer.start(spec.name(), spec.gateway(), spec.telemetry());
    boolean closing;
    synchronized (this) {
      monitoring = m;
      closing = closed != null; // a close that began meanwhile may have missed it
    }
    if (closing) {
      m.close();
    }
  }

  private FlowException startFailure(List<CompletableFuture<Void>> opening, Throwable e, long timeout) {
    List<String> problems = new ArrayList<>();
    List<String> names = new ArrayList<>(pods.keySet());
    boolean timedOut = false;
    for (int i = 0; i < opening.size(); i++) {
      CompletableFuture<Void> f = opening.get(i);
      if (!f.isDone()) {
        timedOut = true;
        problems.add("pod '" + names.get(i) + "' was not ready after " + timeout + " ms");
      } else if (f.isCompletedExceptionally()) {
        Throwable cause = dev.jflow.api.internal.Futures.unwrap(f.handle((v, x) -> x).join());
        problems.add(cause instanceof FlowException ? cause.getMessage() : "pod '" + names.get(i) + "' failed to open: " + cause);
      }
    }
    if (problems.isEmpty()) {
      Throwable cause = dev.jflow.api.internal.Futures.unwrap(e); // Gateways names the gateway that failed
      problems.add(cause instanceof FlowException f ? f.status().description() : "the gateway failed to start: " + cause);
    }
    Status status = Status.of(timedOut ? Status.Code.DEADLINE_EXCEEDED : Status.Code.FAILED_PRECONDITION,
        "Flow '" + spec.name() + "' failed to start: " + String.join("; ", problems)).withCause(dev.jflow.api.internal.Futures.unwrap(e));
    return new FlowException(status);
  }

  private static String connectHost(String host) {
    switch (host) {
      case "0.0.0.0": return "127.0.0.1";
      case "::": case "[::]": return "::1";
      default: return host;
    }
  }

  private synchronized boolean isRunningOrStarting() {
    return state == State.RUNNING || state == State.STARTING || state == State.DRAINING;
  }

  @Override
  public synchronized boolean isRunning() {
    return state == State.RUNNING;
  }

  @Override
  public synchronized List<GatewayAddress> gatewayAddresses() {
    if (state != State.RUNNING) {
      throw new FlowException(Status.Code.FAILED_PRECONDITION, "Flow '" + spec.name() + "' is " + state.name().toLowerCase() + "; start() it first");
    }
    return gateways.addresses();
  }

  /** The monitoring endpoint's port, or -1 when none was started. */
  int monitoringPort() {
    MonitoringServer m = monitoring;
    return m == null ? -1 : m.port();
  }

  private ClientTransport client() {
    synchronized (this) {
      if (state != State.RUNNING) {
        throw new FlowException(Status.Code.FAILED_PRECONDITION, "Flow '" + spec.name() + "' is "
            + state.name().toLowerCase() + "; call start() before sending requests");
      }
    }
    return client;
  }

  private synchronized ExecutorService callers() {
    return callers;
  }

  @Override
  public CompletableFuture<List<Response>> call(RequestType type, Inputs inputs, CallOptions options) {
    return engine.call(type, inputs, options);
  }

  @Override
  public Flow.Publisher<Response> stream(RequestType type, Inputs inputs, CallOptions options) {
    return engine.stream(type, inputs, options);
  }

  @Override
  public CompletableFuture<FlowStatus> status() {
    return Futures.forCaller(CompletableFuture.completedFuture(control.status()));
  }

  @Override
  public CompletableFuture<List<String>> reload(String... targets) {
    return Futures.forCaller(control.reload(List.of(targets)));
  }

  @Override
  public CompletableFuture<Void> scale(String pod, int replicas) {
    return Futures.forCaller(control.scale(pod, replicas));
  }

  @Override
  public CompletableFuture<Void> rollingUpdate(String pod, java.util.Map<String, ?> with) {
    return Futures.forCaller(control.rollingUpdate(pod, with));
  }

  @Override
  public CompletableFuture<Void> dump(String pod, String path, int shards) {
    return Futures.forCaller(control.dump(pod, path, shards));
  }

  @Override
  public CompletableFuture<Void> closeAsync() {
    return Futures.forCaller(closeAsync(CLOSE_WAIT_MS, false));
  }

  /**
   * Closes, giving executors {@code podWaitMs} to finish queued work before they are interrupted;
   * {@code interrupt} interrupts pod threads at once (a failed start, where opens may be stuck).
   */
  private CompletableFuture<Void> closeAsync(long podWaitMs, boolean interrupt) {
    synchronized (this) {
      if (closed != null) {
        return closed;
      }
      state = State.DRAINING;
      closed = new CompletableFuture<>();
    }
    Thread closer = new Thread(() -> shutdown(podWaitMs, interrupt), "jflow-" + spec.name() + "-close");
    closer.setDaemon(true);
    closer.start();
    return closed;
  }

  private void shutdown(long podWaitMs, boolean interrupt) {
    Throwable cut = null;
    try {
      try { // drains every gateway first, so the Flow's own calls in flight are answered too
        gateways.closeAsync().join();
      } catch (RuntimeException e) {
        cut = dev.jflow.api.internal.Futures.unwrap(e);
        org.slf4j.LoggerFactory.getLogger(CoreFlow.class).warn("Flow '{}': {}", spec.name(), cut.getMessage());
      }
      MonitoringServer m;
      synchronized (this) {
        m = monitoring;
      }
      if (m != null) { // after the drain, so a scrape can watch it
        m.close();
      }
      Router r = router;
      if (r != null) { // after the drain, which reports the last answers to them
        r.close();
      }
      synchronized (this) {
        state = State.CLOSED;
      }
      ClientTransport c = client;
      if (c != null) {
        c.close();
      }
      List<CompletableFuture<Void>> closing = new ArrayList<>();
      pods.values().forEach(p -> closing.add(p.close()));
      boolean clean = !interrupt;
      try {
        // after a cut drain the requests executors still hold are abandoned: do not wait long for them
        long wait = cut == null ? podWaitMs : Math.min(podWaitMs, CUT_POD_WAIT_MS);
        CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(wait, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        clean = false;
        org.slf4j.LoggerFactory.getLogger(CoreFlow.class).warn("Flow '{}': executors did not close in time; interrupting them", spec.name());
      }
      if (workers != null) {
        if (!clean) {
          workers.shutdownNow();
        }
        ThreadPools.shutdown(workers, CLOSE_WAIT_MS);
        ThreadPools.shutdown(callers, CLOSE_WAIT_MS);
      }
    } finally {
      if (cut == null) {
        closed.complete(null);
      } else {
        closed.completeExceptionally(cut);
      }
    }
  }

  private static final long CLOSE_WAIT_MS = 10_000;
  private static final long CUT_POD_WAIT_MS = 1_000;
  private static final long FAILED_START_WAIT_MS = 1_000;

  @Override
  public String toString() {
    return "Flow{" + spec.name() + ", pods=" + topology.pods().keySet() + ", protocol=" + gateways.protocols() + "}";
  }
}
