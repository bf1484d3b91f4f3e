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
 * build with {@link #builder(String)}, where every setting states its default.
 *
 * @param name the pod's name, unique in its Flow
 * @param uses the executor; {@code _pass} by default
 * @param needs the pods whose output this pod takes; null means the pod added before it
 * @param with arguments handed to the pod's executors when they open
 * @param replicas executor instances per shard, each serving one request at a time; 1 by default
 * @param shards groups of replicas; 1 by default
 * @param polling how shards share a request: ANY (default) or ALL
 * @param pollingByType polling for particular request types, overriding {@code polling}
 * @param scheduling how ANY picks a shard: LOAD_BALANCE (default) or ROUND_ROBIN
 * @param usesBefore an executor run once before the shards (the head), or null
 * @param usesAfter an executor run once after the shards (the tail), or null; with ALL polling a
 *     {@link dev.jflow.api.spi.Reducer} here reduces the shards' results (default {@code _merge})
 * @param onErrorStrategy what the pod does about errors, or null for the Flow's default (IGNORE)
 * @param timeout how long the pod may take for one request (or, at a join, wait for its parts), or
 *     null for no limit
 * @param inspect whether this is an inspect pod (see {@link FlowBuilder#inspect})
 * @param maxQueue requests that may wait for a free replica, per shard; more are refused at once with
 *     RESOURCE_EXHAUSTED; {@value #DEFAULT_MAX_QUEUE} by default
 * @param maxQueueBytes estimated bytes of the requests that may wait, per shard (see
 *     {@link Request#estimatedBytes()}); {@link #DEFAULT_MAX_QUEUE_BYTES} (256 MiB) by default
 */
public record PodSpec(String name, ExecutorRef uses, List<String> needs, JsonMap with, int replicas, int shards,
    Polling polling, Map<RequestType, Polling> pollingByType, Scheduling scheduling, ExecutorRef usesBefore,
    ExecutorRef usesAfter, OnErrorStrategy onErrorStrategy, Duration timeout, boolean inspect, int maxQueue,
    long maxQueueBytes) {

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

  /** Validates every setting, reporting all problems at once, and copies the collections. */
  public PodSpec {
    Objects.requireNonNull(name, "name");
    uses = uses == null ? ExecutorRef.named(PASS) : uses;
    needs = needs == null ? null : List.copyOf(needs);
    with = with == null ? new JsonMap() : with.copy();
    polling = polling == null ? Polling.ANY : polling;
    pollingByType = pollingByType == null || pollingByType.isEmpty() ? Map.of() : Map.copyOf(pollingByType);
    scheduling = scheduling == null ? Scheduling.LOAD_BALANCE : scheduling;
    StringBuilder problems = new StringBuilder();
    if (replicas < 1) {
      problems.append("; replicas must be at least 1, got ").append(replicas);
    } else if (replicas > MAX_REPLICAS) {
      problems.append("; replicas must be at most ").append(MAX_REPLICAS).append(" (PodSpec.MAX_REPLICAS), got ")
          .append(replicas).append("; add shards to go beyond");
    }
    if (maxQueue < 0) {
      problems.append("; maxQueue must be 0 (never wait) or more, got ").append(maxQueue);
    }
    if (maxQueueBytes < 0) {
      problems.append("; maxQueueBytes must be 0 (never wait) or more, got ").append(maxQueueBytes);
    }
    if (shards < 1) {
      problems.append("; shards must be at least 1, got ").append(shards);
    }
    if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
      problems.append("; timeout must be positive, got ").append(timeout);
    }
    if (problems.length() > 0) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "pod '" + name + "': " + problems.substring(2));
    }
  }

  /** A builder for a pod named {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** This pod with other needs. */
  public PodSpec withNeeds(List<String> needs) {
    return new PodSpec(name, uses, needs, with, replicas, shards, polling, pollingByType, scheduling, usesBefore,
        usesAfter, onErrorStrategy, timeout, inspect, maxQueue, maxQueueBytes);
  }

  /** This pod with an error strategy. */
  public PodSpec withOnErrorStrategy(OnErrorStrategy strategy) {
    return new PodSpec(name, uses, needs, with, replicas, shards, polling, pollingByType, scheduling, usesBefore,
        usesAfter, strategy, timeout, inspect, maxQueue, maxQueueBytes);
  }

  /** The polling this pod applies to requests of {@code type}. */
  public Polling pollingFor(RequestType type) {
    return pollingByType.getOrDefault(type, polling);
  }

  /** Builds a {@link PodSpec}; each setter states its default. */
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

    private Builder(String name) {
      this.name = name;
    }

    /** The executor by name: a built-in ({@code _pass}, {@code _merge}...), a class name, or {@code grpc://host:port}. Default {@code _pass}. */
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

    /** The pods whose output this pod takes. */
    public Builder needs(List<String> needs) {
      this.needs = new ArrayList<>(needs);
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
     * Builds the spec.
     *
     * @throws FlowException INVALID_ARGUMENT listing every invalid setting
     */
    public PodSpec build() {
      ExecutorRef executor = host != null ? ExecutorRef.named(remote()) : uses;
      return new PodSpec(name, executor, needs, with, replicas, shards, polling, pollingByType, scheduling, usesBefore,
          usesAfter, onErrorStrategy, timeout, inspect, maxQueue, maxQueueBytes);
    }

    private String remote() {
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
        throw new FlowException(Status.Code.INVALID_ARGUMENT, "pod '" + name + "' has remote host '" + host
            + "' but no port; set portExpose(...) or write host as host:port");
      }
      if (h.contains(":") && !h.startsWith("[")) {
        h = "[" + h + "]";
      }
      return "grpc://" + h + ":" + port;
    }
  }
}
