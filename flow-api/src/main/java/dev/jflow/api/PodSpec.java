package dev.jflow.api;

import dev.jflow.api.spi.Executor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One pod of a Flow: its name, the executor it runs, the pods it needs, and how it scales. Immutable;
 * build with {@link #builder(String)}, where every setting states its default, or change an existing
 * spec with {@link #toBuilder()} or a {@code with...} method.
 */
public final class PodSpec {

  /** The built-in pass-through executor. */
  public static final String PASS = "_pass";

  /**
   * Most replicas a shard may have: {@value}. Each replica holds a thread while it serves, so the cap
   * keeps a configuration or a SCALE command from exhausting the process; use shards or more Flows
   * beyond it.
   */
  public static final int MAX_REPLICAS = 64;

  /** Requests that may wait for a free replica by default, per shard: {@value}. */
  public static final int DEFAULT_MAX_QUEUE = 1000;

  /** Estimated bytes of the requests that may wait for a free replica by default, per shard: 256 MiB. */
  public static final long DEFAULT_MAX_QUEUE_BYTES = 256L << 20;

  /** How {@code uses} names a pod that runs in Docker containers, one per replica: {@code docker://IMAGE[:TAG]}. */
  public static final String DOCKER_SCHEME = "docker://";

  private final String name;
  private final ExecutorRef uses;
  private final List<String> needs;
  private final JsonMap with;
  private final int replicas;
  private final int shards;
  private final Polling polling;
  private final Map<RequestType, Polling> pollingByType;
  private final Scheduling scheduling;
  private final ExecutorRef usesBefore;
  private final ExecutorRef usesAfter;
  private final OnErrorStrategy onErrorStrategy;
  private final Duration timeout;
  private final boolean inspect;
  private final int maxQueue;
  private final long maxQueueBytes;
  private final Secret token;
  private final TlsConfig tls;
  private final ContainerOptions container;
  private final int shardId;
  private final DynamicBatching dynamicBatching;

  private PodSpec(Builder b, ExecutorRef uses) {
    this.name = b.name;
    this.uses = uses == null ? ExecutorRef.named(PASS) : uses;
    this.needs = b.needs == null ? null : List.copyOf(b.needs);
    this.with = b.with.copy();
    this.replicas = b.replicas;
    this.shards = b.shards;
    this.polling = b.polling == null ? Polling.ANY : b.polling;
    this.pollingByType = b.pollingByType.isEmpty() ? Map.of() : Map.copyOf(b.pollingByType);
    this.scheduling = b.scheduling == null ? Scheduling.LOAD_BALANCE : b.scheduling;
    this.usesBefore = b.usesBefore;
    this.usesAfter = b.usesAfter;
    this.onErrorStrategy = b.onErrorStrategy;
    this.timeout = b.timeout;
    this.inspect = b.inspect;
    this.maxQueue = b.maxQueue;
    this.maxQueueBytes = b.maxQueueBytes;
    this.token = b.token;
    this.tls = b.tls;
    this.container = b.container;
    this.shardId = b.shardId;
    this.dynamicBatching = b.dynamicBatching;
  }

  /** A builder for a pod named {@code name}, starting from the defaults. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder starting from this spec. */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.uses = uses;
    b.needs = needs == null ? null : new ArrayList<>(needs);
    b.with.putAll(with);
    b.replicas = replicas;
    b.shards = shards;
    b.polling = polling;
    b.pollingByType.putAll(pollingByType);
    b.scheduling = scheduling;
    b.usesBefore = usesBefore;
    b.usesAfter = usesAfter;
    b.onErrorStrategy = onErrorStrategy;
    b.timeout = timeout;
    b.inspect = inspect;
    b.maxQueue = maxQueue;
    b.maxQueueBytes = maxQueueBytes;
    b.token = token;
    b.tls = tls;
    b.container = container;
    b.shardId = shardId;
    b.dynamicBatching = dynamicBatching;
    return b;
  }

  /** The pod's name, unique in its Flow. */
  public String name() {
    return name;
  }

  /** The executor; {@code _pass} by default. */
  public ExecutorRef uses() {
    return uses;
  }

  /** The pods whose output this pod takes (immutable); null (the default) means the pod added before it. */
  public List<String> needs() {
    return needs;
  }

  /** A copy of the arguments handed to the pod's executors when they open; empty by default. */
  public JsonMap with() {
    return with.copy();
  }

  /** Executor instances per shard, each serving one request at a time; 1 by default. */
  public int replicas() {
    return replicas;
  }

  /** Groups of replicas; 1 by default. */
  public int shards() {
    return shards;
  }

  /** How shards share a request: ANY (default) or ALL. */
  public Polling polling() {
    return polling;
  }

  /** Polling for particular request types, overriding {@link #polling()}; empty by default. */
  public Map<RequestType, Polling> pollingByType() {
    return pollingByType;
  }

  /** How ANY polling picks a shard: LOAD_BALANCE (default) or ROUND_ROBIN. */
  public Scheduling scheduling() {
    return scheduling;
  }

  /** An executor run once before the shards (the head), or null (the default). */
  public ExecutorRef usesBefore() {
    return usesBefore;
  }

  /**
   * An executor run once after the shards (the tail), or null (the default); with ALL polling a
   * {@link dev.jflow.api.spi.Reducer} here reduces the shards' results ({@code _merge} when null).
   */
  public ExecutorRef usesAfter() {
    return usesAfter;
  }

  /** What the pod does about errors, or null (the default) for the Flow's strategy. */
  public OnErrorStrategy onErrorStrategy() {
    return onErrorStrategy;
  }

  /**
   * How long the pod may take for one request (or, at a join, wait for its parts), or null (the
   * default) for no limit.
   */
  public Duration timeout() {
    return timeout;
  }

  /** Whether this is an inspect pod (see {@link FlowBuilder#inspect}); false by default. */
  public boolean inspect() {
    return inspect;
  }

  /**
   * Requests that may wait for a free replica, per shard; more are refused at once with
   * RESOURCE_EXHAUSTED; {@value #DEFAULT_MAX_QUEUE} by default.
   */
  public int maxQueue() {
    return maxQueue;
  }

  /**
   * Estimated bytes of the requests that may wait, per shard (see {@link Request#estimatedBytes()});
   * {@link #DEFAULT_MAX_QUEUE_BYTES} (256 MiB) by default.
   */
  public long maxQueueBytes() {
    return maxQueueBytes;
  }

  /**
   * The bearer token this Flow sends to a remote pod ({@code uses: grpc://host:port}) with every
   * request and status probe, or null (the default) for none. The remote pod's gateway must accept it:
   * one of its data tokens lets the Flow send data, one of its admin tokens control commands too.
   */
  public Secret token() {
    return token;
  }

  /** The TLS this Flow reaches a remote pod with, or null (the default) for plaintext. */
  public TlsConfig tls() {
    return tls;
  }

  /**
   * How the pod's containers are started when it runs in containers ({@code uses: docker://IMAGE}):
   * default {@link ContainerOptions#none()}.
   */
  public ContainerOptions container() {
    return container;
  }

  /**
   * The shard this one-shard pod serves of a pod sharded across processes or containers (its executor
   * sees it as {@link dev.jflow.api.spi.ExecutorContext#shard()}); 0 by default.
   */
  public int shardId() {
    return shardId;
  }

  /**
   * How this pod merges waiting requests into one executor call (see {@link DynamicBatching}), or null
   * (the default) for none: each request is its own call.
   */
  public DynamicBatching dynamicBatching() {
    return dynamicBatching;
  }

  /** Whether this pod runs in containers: its executor is {@code docker://IMAGE[:TAG]} (a container per replica). */
  public boolean isContainerized() {
    return uses.name() != null && uses.name().startsWith(DOCKER_SCHEME);
  }

  /** This pod with other needs; null means the pod added before it. */
  public PodSpec withNeeds(List<String> needs) {
    return toBuilder().needs(needs).build();
  }

  /** This pod with an error strategy; null means the Flow's. */
  public PodSpec withOnErrorStrategy(OnErrorStrategy strategy) {
    return toBuilder().onErrorStrategy(strategy).build();
  }

  /** The polling this pod applies to requests of {@code type}. */
  public Polling pollingFor(RequestType type) {
    return pollingByType.getOrDefault(type, polling);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PodSpec)) {
      return false;
    }
    PodSpec p = (PodSpec) o;
    return name.equals(p.name) && uses.equals(p.uses) && Objects.equals(needs, p.needs) && with.equals(p.with)
        && replicas == p.replicas && shards == p.shards && polling == p.polling && pollingByType.equals(p.pollingByType)
        && scheduling == p.scheduling && Objects.equals(usesBefore, p.usesBefore) && Objects.equals(usesAfter, p.usesAfter)
        && onErrorStrategy == p.onErrorStrategy && Objects.equals(timeout, p.timeout) && inspect == p.inspect
        && maxQueue == p.maxQueue && maxQueueBytes == p.maxQueueBytes && Objects.equals(token, p.token)
        && Objects.equals(tls, p.tls) && container.equals(p.container) && shardId == p.shardId
        && Objects.equals(dynamicBatching, p.dynamicBatching);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, uses, needs, with, replicas, shards, polling, pollingByType, scheduling, usesBefore,
        usesAfter, onErrorStrategy, timeout, inspect, maxQueue, maxQueueBytes, token, tls, container, shardId,
        dynamicBatching);
  }

  @Override
  public String toString() {
    return "PodSpec{name=" + name + ", uses=" + uses + ", needs=" + needs + ", with=" + with + ", replicas=" + replicas
        + ", shards=" + shards + ", polling=" + polling + ", pollingByType=" + pollingByType + ", scheduling="
        + scheduling + ", usesBefore=" + usesBefore + ", usesAfter=" + usesAfter + ", onErrorStrategy="
        + onErrorStrategy + ", timeout=" + timeout + ", inspect=" + inspect + ", maxQueue=" + maxQueue
        + ", maxQueueBytes=" + maxQueueBytes + (token == null ? "" : ", token=" + token) 
        + (tls == null ? "" : ", tls=" + tls) + (container.isDefault() ? "" : ", container=" + container)
        + (shardId == 0 ? "" : ", shardId=" + shardId)
        + (dynamicBatching == null ? "" : ", dynamicBatching=" + dynamicBatching) + "}";
  }

  /** Builds a {@link PodSpec}; each setter states its default, and {@link #build()} reports every invalid value at once. */
  public static final class Builder {
    private final String name;
    private ExecutorRef uses;
    private List<String> needs;
    private final JsonMap with = new JsonMap();
    private String host;
    private int portExpose;
    private int replicas = 1;
    private int shards = 1;
    private Polling polling = Polling.ANY;
    private final Map<RequestType, Polling> pollingByType = new EnumMap<>(RequestType.class);
    private Scheduling scheduling = Scheduling.LOAD_BALANCE;
    private ExecutorRef usesBefore;
    private ExecutorRef usesAfter;
    private OnErrorStrategy onErrorStrategy;
    private Duration timeout;
    private boolean inspect;
    private int maxQueue = DEFAULT_MAX_QUEUE;
    private long maxQueueBytes = DEFAULT_MAX_QUEUE_BYTES;
    private Secret token;
    private TlsConfig tls;
    private ContainerOptions container = ContainerOptions.none();
    private int shardId;
    private DynamicBatching dynamicBatching;

    private Builder(String name) {
      this.name = name;
    }

    /** The executor by name: a built-in ({@code _pass}, {@code _merge}...), a class name, {@code grpc://host:port}, or {@code docker://IMAGE[:TAG]} (a container per replica). Default {@code _pass}. */
    public Builder uses(String uses) {
      this.uses = ExecutorRef.named(uses);
      return this;
    }

    /** The executor made by {@code factory}, called once per replica and shard. */
    public Builder uses(Supplier<? extends Executor> factory) {
      this.uses = ExecutorRef.of(factory);
      return this;
    }

    /** The executor made by {@code type}'s public no-arg constructor. */
    public Builder uses(Class<? extends Executor> type) {
      return uses(type.getName());
    }

    /** The pods whose output this pod takes; several make a join. Default: the pod added before. */
    public Builder needs(String... needs) {
      this.needs = new ArrayList<>(Arrays.asList(needs));
      return this;
    }

    /** The pods whose output this pod takes; null means the default, the pod added before. */
    public Builder needs(List<String> needs) {
      this.needs = needs == null ? null : new ArrayList<>(needs);
      return this;
    }

    /** Adds JSON-like arguments handed to the executors when they open. Default none. */
    public Builder with(Map<String, ?> args) {
      this.with.putAll(args);
      return this;
    }

    /** Adds one argument handed to the executors when they open. */
    public Builder with(String key, Object value) {
      this.with.put(key, value);
      return this;
    }

    /** Executor instances per shard; a request goes to an idle one. 1 to {@link #MAX_REPLICAS}; default 1. */
    public Builder replicas(int replicas) {
      this.replicas = replicas;
      return this;
    }

    /** Shards (groups of replicas). Default 1. */
    public Builder shards(int shards) {
      this.shards = shards;
      return this;
    }

    /** Jina's name for {@link #shards(int)}. */
    public Builder parallel(int shards) {
      return shards(shards);
    }

    /** How shards share a request. Default ANY. */
    public Builder polling(Polling polling) {
      this.polling = polling;
      return this;
    }

    /** Polling for one request type, e.g. ALL for SEARCH and ANY for INDEX. Default: {@link #polling(Polling)}. */
    public Builder polling(RequestType type, Polling polling) {
      this.pollingByType.put(type, polling);
      return this;
    }

    /** How ANY polling picks a shard. Default LOAD_BALANCE. */
    public Builder scheduling(Scheduling scheduling) {
      this.scheduling = scheduling;
      return this;
    }

    /** An executor run once before the shards. Default none. */
    public Builder usesBefore(String uses) {
      this.usesBefore = ExecutorRef.named(uses);
      return this;
    }

    /** An executor run once before the shards. */
    public Builder usesBefore(Supplier<? extends Executor> factory) {
      this.usesBefore = ExecutorRef.of(factory);
      return this;
    }

    /** An executor (or reducer, e.g. {@code _merge_matches_topk}) run once after the shards. Default none ({@code _merge} for ALL). */
    public Builder usesAfter(String uses) {
      this.usesAfter = ExecutorRef.named(uses);
      return this;
    }

    /** An executor or {@link dev.jflow.api.spi.Reducer} run once after the shards. */
    public Builder usesAfter(Supplier<? extends Executor> factory) {
      this.usesAfter = ExecutorRef.of(factory);
      return this;
    }

    /** What the pod does about errors. Default: the Flow's strategy (IGNORE unless set). */
    public Builder onErrorStrategy(OnErrorStrategy strategy) {
      this.onErrorStrategy = strategy;
      return this;
    }

    /** How long the pod may take for one request, or a join may wait for its parts. Default: no limit. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Requests that may wait for a free replica, per shard; when that many wait, a further request is
     * refused at once with RESOURCE_EXHAUSTED (clients may retry it, see {@link CallOptions#maxAttempts()}).
     * 0 means a request never waits. Default {@value PodSpec#DEFAULT_MAX_QUEUE}.
     */
    public Builder maxQueue(int maxQueue) {
      this.maxQueue = maxQueue;
      return this;
    }

    /**
     * Estimated bytes ({@link Request#estimatedBytes()}) of the requests that may wait for a free
     * replica, per shard; a request that would go over is refused at once with RESOURCE_EXHAUSTED.
     * Default {@link PodSpec#DEFAULT_MAX_QUEUE_BYTES} (256 MiB).
     */
    public Builder maxQueueBytes(long maxQueueBytes) {
      this.maxQueueBytes = maxQueueBytes;
      return this;
    }

    /** Marks an inspect pod; {@link FlowBuilder#inspect} sets it. Default false. */
    public Builder inspect(boolean inspect) {
      this.inspect = inspect;
      return this;
    }

    /**
     * Runs this pod in another JFlow process: requests are sent to the gRPC gateway at {@code host}
     * (which may be {@code host:port}, as Jina writes it) and {@link #portExpose(int)}. Same as
     * {@code uses("grpc://host:port")}. Default: local.
     */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The port of the remote pod's gateway; see {@link #host(String)}. */
    public Builder portExpose(int port) {
      this.portExpose = port;
      return this;
    }

    /**
     * The bearer token to send to the remote pod (see {@link PodSpec#token()}), e.g.
     * {@code Secret.fromEnv("POD_TOKEN")}; default null, none. Only remote pods may have one.
     */
    public Builder token(Secret token) {
      this.token = token;
      return this;
    }

    /** {@link #token(Secret)} with a token set in code. */
    public Builder token(String token) {
      return token(Secret.of(token));
    }

    /**
     * Reaches this remote pod over TLS: trusting the pod's gateway when {@code tls}'s CA signed its
     * certificate, and presenting {@code tls}'s certificate when the pod asks for one (mutual TLS). Only
     * for remote pods ({@link #host(String)} or {@code uses("grpc://...")}). Default null: plaintext.
     */
    public Builder tls(TlsConfig tls) {
      this.tls = tls;
      return this;
    }

    /**
     * How this pod's containers are started (environment, volumes, network, the executor they serve);
     * only for pods that run in containers ({@code uses("docker://IMAGE")}). Default
     * {@link ContainerOptions#none()}.
     */
    public Builder container(ContainerOptions container) {
      this.container = Objects.requireNonNull(container, "container");
      return this;
    }

    /**
     * Makes this one-shard pod serve shard {@code shardId} of a pod sharded elsewhere (e.g. one container
     * per shard, each running {@code jflow pod --shard-id I}): its executors open with that shard index, so
     * they pick their part of a dump and their workspace. Only with one shard; 0 or more; default 0.
     */
    public Builder shardId(int shardId) {
      this.shardId = shardId;
      return this;
    }

    /**
     * Merges requests waiting at a shard into one executor call (see {@link DynamicBatching}), or null
     * for none. A pod in containers ({@code docker://}) or remote ({@code grpc://}, {@code host}) batches
     * here and sends each batch as one request. Default null: no batching.
     */
    public Builder dynamicBatching(DynamicBatching dynamicBatching) {
      this.dynamicBatching = dynamicBatching;
      return this;
    }

    /**
     * Builds the spec.
     *
     * @throws FlowException INVALID_ARGUMENT listing every invalid setting
     */
    public PodSpec build() {
      List<String> problems = new ArrayList<>();
      if (name == null) {
        problems.add("name is required");
      }
      if (replicas < 1) {
        problems.add("replicas must be at least 1, got " + replicas);
      } else if (replicas > MAX_REPLICAS) {
        problems.add("replicas must be at most " + MAX_REPLICAS + " (PodSpec.MAX_REPLICAS), got " + replicas
            + "; add shards to go beyond");
      }
      if (maxQueue < 0) {
        problems.add("maxQueue must be 0 (never wait) or more, got " + maxQueue);
      }
      if (maxQueueBytes < 0) {
        problems.add("maxQueueBytes must be 0 (never wait) or more, got " + maxQueueBytes);
      }
      if (shards < 1) {
        problems.add("shards must be at least 1, got " + shards);
      }
      if (shardId < 0) {
        problems.add("shardId must be 0 or more, got " + shardId);
      } else if (shardId > 0 && shards != 1) {
        problems.add("shardId " + shardId + " is for a one-shard pod that serves one shard of a pod sharded elsewhere,"
            + " but this pod has " + shards + " shards; drop shardId or set shards to 1");
      }
      if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
        problems.add("timeout must be positive, got " + timeout);
      }
      if (needs != null && needs.stream().anyMatch(Objects::isNull)) {
        problems.add("needs must name pods, got " + needs);
      }
      ExecutorRef executor = host == null ? uses : remote(problems);
      if (token != null && host == null && (uses == null || uses.name() == null || !uses.name().contains("://"))) {
        problems.add("a token is sent only to a remote pod (uses: grpc://host:port, or host and portExpose), but this pod runs here");
      }
      if (tls != null && host == null && !isRemote(uses) && !isRemote(usesBefore) && !isRemote(usesAfter)) {
        problems.add("tls is for remote pods: set host(...) or uses(\"grpc://host:port\")");
      }
      boolean inContainers = host == null && uses != null && uses.name() != null && uses.name().startsWith(DOCKER_SCHEME);
      if (!container.isDefault() && !inContainers) {
        problems.add("container options (uses_internal, env, volumes, network) are for pods that run in containers: "
            + "uses(\"docker://IMAGE[:TAG]\")");
      }
      if (inContainers && uses.name().length() == DOCKER_SCHEME.length()) {
        problems.add("uses 'docker://' names no image: write docker://IMAGE[:TAG]");
      }
      if (!problems.isEmpty()) {
        throw new FlowException(Status.Code.INVALID_ARGUMENT, "pod '" + name + "': " + String.join("; ", problems));
      }
      return new PodSpec(this, executor);
    }

    private static boolean isRemote(ExecutorRef ref) {
      return ref != null && ref.name() != null && ref.name().contains("://");
    }

    /** The remote pod at {@link #host} and {@link #portExpose}, or null after adding what is wrong to {@code problems}. */
    private ExecutorRef remote(List<String> problems) {
      String h = host;
      int port = portExpose;
      int colon = h.lastIndexOf(':');
      if (port == 0 && colon > 0 && !h.endsWith("]")) {
        try {
          port = Integer.parseInt(h.substring(colon + 1));
          h = h.substring(0, colon);
        } catch (NumberFormatException e) {
          port = 0;
        }
      }
      if (port == 0) {
        problems.add("remote host '" + host + "' has no port: set portExpose(...) or write host as host:port");
        return null;
      }
      if (h.contains(":") && !h.startsWith("[")) {
        h = "[" + h + "]";
      }
      return ExecutorRef.named("grpc://" + h + ":" + port);
    }
  }
}
