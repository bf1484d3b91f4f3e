package dev.jflow.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything a Flow is made from: its pods in the order they were added, its gateway, timeouts and
 * Flow-wide defaults. Immutable; usually made by {@link FlowBuilder}, otherwise with {@link #builder()}
 * or {@link #toBuilder()}. The Flow implementation validates the topology when it is created.
 */
public final class FlowSpec {
  /** The name of the gateway node that the first pods need. */
  public static final String GATEWAY = "gateway";

  /** How long {@code start()} waits for every pod to open by default: 60 s. */
  public static final Duration DEFAULT_TIMEOUT_READY = Duration.ofSeconds(60);

  /** The Flow's workspace by default: {@code workspace}, relative to the working directory. */
  public static final Path DEFAULT_WORKSPACE = Path.of("workspace");

  private final String name;
  private final List<PodSpec> pods;
  private final GatewayConfig gateway;
  private final Duration timeoutReady;
  private final InspectMode inspectMode;
  private final OnErrorStrategy onErrorStrategy;
  private final Path workspace;
  private final boolean allowReloadPaths;
  private final dev.jflow.api.spi.Telemetry telemetry;

  private FlowSpec(Builder b) {
    this.name = b.name == null || b.name.isBlank() ? "flow" : b.name;
    this.pods = List.copyOf(b.pods);
    this.gateway = b.gateway == null ? GatewayConfig.defaults() : b.gateway;
    this.timeoutReady = b.timeoutReady == null ? DEFAULT_TIMEOUT_READY : b.timeoutReady;
    this.inspectMode = b.inspectMode == null ? InspectMode.COLLECT : b.inspectMode;
    this.onErrorStrategy = b.onErrorStrategy == null ? OnErrorStrategy.IGNORE : b.onErrorStrategy;
    this.workspace = b.workspace == null ? DEFAULT_WORKSPACE : b.workspace;
    this.allowReloadPaths = b.allowReloadPaths;
    this.telemetry = b.telemetry == null ? dev.jflow.api.spi.Telemetry.none() : b.telemetry;
  }

  /** A builder starting from the defaults: named {@code flow}, no pods, the default gateway, 60 s to get ready. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this spec. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.name = name;
    b.pods = pods;
    b.gateway = gateway;
    b.timeoutReady = timeoutReady;
    b.inspectMode = inspectMode;
    b.onErrorStrategy = onErrorStrategy;
    b.workspace = workspace;
    b.allowReloadPaths = allowReloadPaths;
    b.telemetry = telemetry;
    return b;
  }

  /** The Flow's name, used in thread names and messages; {@code flow} by default. */
  public String name() {
    return name;
  }

  /** The pods in the order they were added (immutable), each with its needs resolved ({@code gateway} for the first pods). */
  public List<PodSpec> pods() {
    return pods;
  }

  /** The gateway configuration; {@link GatewayConfig#defaults()} by default. */
  public GatewayConfig gateway() {
    return gateway;
  }

  /** How long {@code start()} waits for every pod to open; 60 s by default. */
  public Duration timeoutReady() {
    return timeoutReady;
  }

  /** What happens to inspect pods; COLLECT by default. */
  public InspectMode inspectMode() {
    return inspectMode;
  }

  /** The error strategy of pods that set none; IGNORE by default. */
  public OnErrorStrategy onErrorStrategy() {
    return onErrorStrategy;
  }

  /**
   * The Flow's workspace: every path a control request names (a DUMP's path, a RELOAD's {@code
   * workspace} or {@code load_path}) must lie under it, and a relative one resolves against it; any
   * other is refused with INVALID_ARGUMENT. Paths written in the Flow's own pods are not confined.
   * {@link #DEFAULT_WORKSPACE} ({@code workspace} in the working directory) by default.
   */
  public Path workspace() {
    return workspace;
  }

  /**
   * Whether a RELOAD may change the path arguments {@code workspace} and {@code load_path} of an
   * executor that declares them reloadable (then confined to {@link #workspace()}); false by default.
   */
  public boolean allowReloadPaths() {
    return allowReloadPaths;
  }

  /**
   * Where the Flow reports its meters and spans; {@link dev.jflow.api.spi.Telemetry#none()} by default
   * (nothing recorded). flow-core's {@code FlowTelemetry} reports to a Micrometer registry and OpenTelemetry.
   */
  public dev.jflow.api.spi.Telemetry telemetry() {
    return telemetry;
  }

  /** This spec with other pods. */
  public FlowSpec withPods(List<PodSpec> pods) {
    return toBuilder().pods(pods).build();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FlowSpec)) {
      return false;
    }
    FlowSpec f = (FlowSpec) o;
    return name.equals(f.name) && pods.equals(f.pods) && gateway.equals(f.gateway) && timeoutReady.equals(f.timeoutReady)
        && inspectMode == f.inspectMode && onErrorStrategy == f.onErrorStrategy && workspace.equals(f.workspace)
        && allowReloadPaths == f.allowReloadPaths && telemetry.equals(f.telemetry);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, pods, gateway, timeoutReady, inspectMode, onErrorStrategy, workspace, allowReloadPaths, telemetry);
  }

  @Override
  public String toString() {
    return "FlowSpec{name=" + name + ", pods=" + pods + ", gateway=" + gateway + ", timeoutReady=" + timeoutReady
        + ", inspectMode=" + inspectMode + ", onErrorStrategy=" + onErrorStrategy + ", workspace=" + workspace
        + ", allowReloadPaths=" + allowReloadPaths + ", telemetry=" + telemetry + "}";
  }

  /** Builds a {@link FlowSpec}; each setter states its default, and {@link #build()} reports every invalid value at once. */
  public static final class Builder {
    private String name = "flow";
    private List<PodSpec> pods = List.of();
    private GatewayConfig gateway = GatewayConfig.defaults();
    private Duration timeoutReady = DEFAULT_TIMEOUT_READY;
    private InspectMode inspectMode = InspectMode.COLLECT;
    private OnErrorStrategy onErrorStrategy = OnErrorStrategy.IGNORE;
    private Path workspace = DEFAULT_WORKSPACE;
    private boolean allowReloadPaths;
    private dev.jflow.api.spi.Telemetry telemetry;

    private Builder() {}

    /** The Flow's name; default {@code flow}; null or blank means the default. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The pods in order, their needs resolved; default none. */
    public Builder pods(List<PodSpec> pods) {
      this.pods = pods;
      return this;
    }

    /** The gateway configuration; default {@link GatewayConfig#defaults()}; null means the default. */
    public Builder gateway(GatewayConfig gateway) {
      this.gateway = gateway;
      return this;
    }

    /** How long {@code start()} waits for every pod to open, positive; default 60 s; null means the default. */
    public Builder timeoutReady(Duration timeoutReady) {
      this.timeoutReady = timeoutReady;
      return this;
    }

    /** What happens to inspect pods; default COLLECT; null means the default. */
    public Builder inspectMode(InspectMode mode) {
      this.inspectMode = mode;
      return this;
    }

    /** The error strategy of pods that set none; default IGNORE; null means the default. */
    public Builder onErrorStrategy(OnErrorStrategy strategy) {
      this.onErrorStrategy = strategy;
      return this;
    }

    /**
     * The Flow's workspace, under which control requests' paths must lie (see {@link FlowSpec#workspace()});
     * default {@code workspace} in the working directory; null means the default.
     */
    public Builder workspace(Path workspace) {
      this.workspace = workspace;
      return this;
    }

    /** Where the Flow reports meters and spans (see {@link FlowSpec#telemetry()}); default none; null means the default. */
    public Builder telemetry(dev.jflow.api.spi.Telemetry telemetry) {
      this.telemetry = telemetry;
      return this;
    }

    /** Whether a RELOAD may change {@code workspace} and {@code load_path} (confined to the workspace); default false. */
    public Builder allowReloadPaths(boolean allow) {
      this.allowReloadPaths = allow;
      return this;
    }

    /**
     * Builds the spec.
     *
     * @throws FlowException INVALID_ARGUMENT naming every invalid value
     */
    public FlowSpec build() {
      List<String> problems = new ArrayList<>();
      if (pods == null || pods.stream().anyMatch(Objects::isNull)) {
        problems.add("pods must be a list of pods, got " + pods);
      }
      if (timeoutReady != null && (timeoutReady.isZero() || timeoutReady.isNegative())) {
        problems.add("timeoutReady must be positive, got " + timeoutReady);
      }
      if (workspace != null && workspace.toString().isBlank()) {
        problems.add("workspace must name a directory, got '" + workspace + "'");
      }
      if (!problems.isEmpty()) {
        throw new FlowException(Status.Code.INVALID_ARGUMENT, "invalid Flow '" + (name == null ? "flow" : name) + "': "
            + String.join("; ", problems));
      }
      return new FlowSpec(this);
    }
  }
}
