package dev.jflow.api;

import dev.jflow.api.internal.Factories;
import dev.jflow.api.spi.Executor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Composes a Flow, as Jina's {@code Flow().add(...)}: pods in order, each needing the pod added before
 * it unless told otherwise, plus joins and gateway settings. {@link #build()} validates the topology
 * (unknown needs, cycles, self needs and duplicate names are errors naming the pods) and returns a
 * Flow that is not started yet. Not thread-safe.
 *
 * <p>Duplicate pod names are rejected rather than renamed as Jina does, because a renamed pod could
 * no longer be named in {@code needs}.
 *
 * @param <F> {@link AsyncFlow} or {@link Flow}
 */
public final class FlowBuilder<F> {
  private final Function<AsyncFlow, F> finisher;
  private final List<PodSpec> pods = new ArrayList<>();
  private String name = "flow";
  private GatewayConfig gateway = GatewayConfig.defaults();
  private Duration timeoutReady = Duration.ofSeconds(60);
  private InspectMode inspectMode = InspectMode.COLLECT;
  private OnErrorStrategy onErrorStrategy = OnErrorStrategy.IGNORE;
  private Path workspace = FlowSpec.DEFAULT_WORKSPACE;
  private boolean allowReloadPaths;
  private dev.jflow.api.spi.Telemetry telemetry;

  FlowBuilder(Function<AsyncFlow, F> finisher) {
    this.finisher = finisher;
  }

  /** Names the Flow (used in thread names and messages). Default {@code flow}. */
  public FlowBuilder<F> name(String name) {
    this.name = name;
    return this;
  }

  /** Adds a pass-through pod named {@code pod<N>} (N counts the pods before it). */
  public FlowBuilder<F> add() {
    return add(PodSpec.builder("pod" + pods.size()).build());
  }

  /** Adds a pass-through pod. */
  public FlowBuilder<F> add(String name) {
    return add(PodSpec.builder(name).build());
  }

  /** Adds a pod running executors made by {@code uses}, needing {@code needs} (default: the pod before). */
  public FlowBuilder<F> add(String name, Supplier<? extends Executor> uses, String... needs) {
    PodSpec.Builder b = PodSpec.builder(name).uses(uses);
    return add(needs.length == 0 ? b.build() : b.needs(needs).build());
  }

  /** Adds a pod running the executor named {@code uses} (built-in or class name), needing {@code needs}. */
  public FlowBuilder<F> add(String name, String uses, String... needs) {
    PodSpec.Builder b = PodSpec.builder(name).uses(uses);
    return add(needs.length == 0 ? b.build() : b.needs(needs).build());
  }

  /** Adds a pod; when its needs are unset it needs the pod added before it (the gateway for the first). */
  public FlowBuilder<F> add(PodSpec pod) {
    if (pod.needs() == null) {
      pod = pod.withNeeds(List.of(pods.isEmpty() ? FlowSpec.GATEWAY : pods.get(pods.size() - 1).name()));
    }
    pods.add(pod);
    return this;
  }

  /** Adds a pass-through pod named {@code joiner} that waits for all {@code pods} (at least two). */
  public FlowBuilder<F> needs(String... pods) {
    return needs("joiner", Arrays.asList(pods));
  }

  /**
   * Adds a pass-through pod named {@code name} that waits for all {@code pods} and merges their
   * documents.
   *
   * @throws FlowException INVALID_ARGUMENT when fewer than two pods are given
   */
  public FlowBuilder<F> needs(String name, List<String> pods) {
    if (pods.size() < 2) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT,
          "a join needs at least two pods, got " + pods + "; use add(...) to follow a single pod");
    }
    return add(PodSpec.builder(name).needs(pods).build());
  }

  /** Same as {@link #needs(String...)}. */
  public FlowBuilder<F> join(String... pods) {
    return needs(pods);
  }

  /** Adds a pass-through pod named {@code joiner} that waits for every pod no other pod needs yet. */
  public FlowBuilder<F> needsAll() {
    Set<String> ends = new LinkedHashSet<>();
    pods.forEach(p -> ends.add(p.name()));
    pods.forEach(p -> p.needs().forEach(ends::remove));
    if (ends.size() < 2) {
      return add(PodSpec.builder("joiner").build());
    }
    return needs("joiner", new ArrayList<>(ends));
  }

  /**
   * Adds an inspect pod named {@code name} running {@code uses} on a copy of what the last pod output,
   * and a pass-through pod {@code _aux_<name>} after that last pod, which later pods follow: the inspect
   * pod watches without changing the main path. What happens to it at build depends on the
   * {@link #inspectMode(InspectMode)}.
   */
  public FlowBuilder<F> inspect(String name, Supplier<? extends Executor> uses) {
    return inspect(PodSpec.builder(name).uses(uses));
  }

  /** Adds an inspect pod running the executor named {@code uses}; see {@link #inspect(String, Supplier)}. */
  public FlowBuilder<F> inspect(String name, String uses) {
    return inspect(PodSpec.builder(name).uses(uses));
  }

  private FlowBuilder<F> inspect(PodSpec.Builder pod) {
    if (pods.isEmpty()) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "inspect(...) needs a pod to inspect; add one first");
    }
    String last = pods.get(pods.size() - 1).name();
    PodSpec inspector = pod.needs(last).inspect(true).build();
    add(inspector);
    return add(PodSpec.builder("_aux_" + inspector.name()).needs(last).build());
  }

  /**
   * Adds a pass-through pod named {@code gather_inspect} that joins the last pod with every inspect pod
   * no pod follows, so responses wait for the inspectors and carry what they added (evaluations, and
   * fields the main path left empty).
   */
  public FlowBuilder<F> gatherInspect() {
    Set<String> hanging = new LinkedHashSet<>();
    pods.stream().filter(PodSpec::inspect).forEach(p -> hanging.add(p.name()));
    pods.forEach(p -> p.needs().forEach(hanging::remove));
    if (hanging.isEmpty()) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "gatherInspect() found no inspect pod to gather");
    }
    List<String> needs = new ArrayList<>();
    needs.add(pods.get(pods.size() - 1).name()); // the main path first: its documents win the merge
    needs.addAll(hanging);
    return add(PodSpec.builder("gather_inspect").needs(needs).build());
  }

  /** What happens to inspect pods at build. Default COLLECT. */
  public FlowBuilder<F> inspectMode(InspectMode mode) {
    this.inspectMode = mode;
    return this;
  }

  /** The error strategy of every pod that sets none. Default IGNORE. */
  public FlowBuilder<F> onErrorStrategy(OnErrorStrategy strategy) {
    this.onErrorStrategy = strategy;
    return this;
  }

  /** The gateway's transport by name: {@code grpc}, {@code websocket} or {@code inprocess}. Default: the available one with the highest priority. */
  public FlowBuilder<F> protocol(String protocol) {
    gateway = gateway.withProtocol(protocol);
    return this;
  }

  /**
   * Several gateways, one per transport, each on its own port (see {@link GatewayConfig#ports()}), all
   * serving this Flow, as Jina's multi-protocol gateway: e.g. {@code protocols("grpc", "websocket")}.
   * Default: one gateway (see {@link #protocol}).
   */
  public FlowBuilder<F> protocols(String... protocols) {
    gateway = gateway.toBuilder().protocols(protocols).build();
    return this;
  }

  /** Jina's switch: true serves over WebSocket/HTTP ({@code websocket}), false over gRPC. Default: unset (see {@link #protocol}). */
  public FlowBuilder<F> restful(boolean restful) {
    return protocol(restful ? "websocket" : "grpc");
  }

  /** The interface the gateway binds. Default {@code 0.0.0.0}. */
  public FlowBuilder<F> host(String host) {
    gateway = gateway.withHost(host);
    return this;
  }

  /** The gateway's port. Default 0: a free port. */
  public FlowBuilder<F> port(int port) {
    gateway = gateway.withPort(port);
    return this;
  }

  /** Requests per client stream the gateway runs at once. Default 50. */
  public FlowBuilder<F> prefetch(int prefetch) {
    gateway = gateway.withPrefetch(prefetch);
    return this;
  }

  /** The largest request the gateway accepts, in bytes. Default 64 MiB. */
  public FlowBuilder<F> maxMessageSize(int bytes) {
    gateway = gateway.withMaxMessageSize(bytes);
    return this;
  }

  /** Request bytes one client call may hold in the gateway. Default 64 MiB. */
  public FlowBuilder<F> maxStreamBytes(long bytes) {
    gateway = gateway.toBuilder().maxStreamBytes(bytes).build();
    return this;
  }

  /** Request bytes all calls together may hold in the gateway. Default 0: a quarter of the maximum heap. */
  public FlowBuilder<F> maxGatewayBytes(long bytes) {
    gateway = gateway.toBuilder().maxGatewayBytes(bytes).build();
    return this;
  }

  /** The largest {@code top_k} a request may ask for; more is refused with INVALID_ARGUMENT. Default 10,000. */
  public FlowBuilder<F> maxTopK(int maxTopK) {
    gateway = gateway.toBuilder().maxTopK(maxTopK).build();
    return this;
  }

  /**
   * Requests per second each caller may send to the gateway; more are refused with RESOURCE_EXHAUSTED
   * (HTTP 429). The Flow's own calls are never limited. Default 0: no limit. See {@link GatewayConfig#maxRequestsPerSecond()}.
   */
  public FlowBuilder<F> maxRequestsPerSecond(int maxRequestsPerSecond) {
    gateway = gateway.toBuilder().maxRequestsPerSecond(maxRequestsPerSecond).build();
    return this;
  }

  /** How many requests a quiet caller may send at once under the rate limit. Default: as many as the rate. */
  public FlowBuilder<F> burst(int burst) {
    gateway = gateway.toBuilder().burst(burst).build();
    return this;
  }

  /**
   * How long closing the Flow lets accepted requests finish before cutting them with UNAVAILABLE.
   * Default 30 s.
   */
  public FlowBuilder<F> drainGrace(Duration grace) {
    gateway = gateway.withDrainGrace(grace);
    return this;
  }

  /**
   * Who may call the gateway over the network and what each caller may do, e.g.
   * {@code BearerTokens.builder().dataTokens(Secret.fromFile(path)).adminTokens(Secret.fromEnv("JFLOW_ADMIN_TOKENS")).build()}.
   * Default {@link dev.jflow.api.spi.Authenticator#anonymous()}: data without a token, control only
   * through this Flow object.
   */
  public FlowBuilder<F> authenticator(dev.jflow.api.spi.Authenticator authenticator) {
    gateway = gateway.toBuilder().authenticator(authenticator).build();
    return this;
  }

  /** Serves the gateway over TLS; see {@link GatewayConfig.Builder#tls(TlsConfig)}. Default null: plaintext. */
  public FlowBuilder<F> tls(TlsConfig tls) {
    gateway = gateway.toBuilder().tls(tls).build();
    return this;
  }

  /** The whole gateway configuration at once. Default {@link GatewayConfig#defaults()}. */
  public FlowBuilder<F> gateway(GatewayConfig gateway) {
    this.gateway = gateway;
    return this;
  }

  /** How long {@code start()} waits for every pod to open. Default 60 s. */
  public FlowBuilder<F> timeoutReady(Duration timeoutReady) {
    this.timeoutReady = timeoutReady;
    return this;
  }

  /**
   * The Flow's workspace: every path a control request names (DUMP, RELOAD's {@code workspace} and
   * {@code load_path}) must lie under it; relative ones resolve against it. Default {@code workspace}
   * in the working directory. See {@link FlowSpec#workspace()}.
   */
  public FlowBuilder<F> workspace(Path workspace) {
    this.workspace = workspace;
    return this;
  }

  /**
   * Lets a RELOAD change the {@code workspace} and {@code load_path} arguments of executors that
   * declare them reloadable, confined to the workspace. Default false: a RELOAD naming them is refused.
   */
  public FlowBuilder<F> allowReloadPaths(boolean allow) {
    this.allowReloadPaths = allow;
    return this;
  }

  /**
   * Where the Flow reports its meters and spans, e.g. flow-core's
   * {@code FlowTelemetry.builder().meterRegistry(registry).openTelemetry(otel).build()}. Default
   * {@link dev.jflow.api.spi.Telemetry#none()}: nothing is recorded.
   */
  public FlowBuilder<F> telemetry(dev.jflow.api.spi.Telemetry telemetry) {
    this.telemetry = telemetry;
    return this;
  }

  /** The spec built so far. */
  public FlowSpec spec() {
    return FlowSpec.builder().name(name).pods(pods).gateway(gateway).timeoutReady(timeoutReady).inspectMode(inspectMode)
        .onErrorStrategy(onErrorStrategy).workspace(workspace).allowReloadPaths(allowReloadPaths).telemetry(telemetry).build();
  }

  /**
   * Validates the topology and returns the Flow, not yet started.
   *
   * @throws FlowException INVALID_ARGUMENT naming every pod that is wrong and why
   */
  public F build() {
    return finisher.apply(Factories.flowFactory().newFlow(spec()));
  }
}
