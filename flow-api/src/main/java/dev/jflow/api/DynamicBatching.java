package dev.jflow.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Dynamic batching of a pod (as Jina 3.13, Triton and Ray Serve do it): requests waiting at one shard
 * are merged into one executor call, so an executor that works faster on many documents at once (a
 * neural encoder) sees batches even when every client sends one document. Immutable; build with
 * {@link #builder()}; set it with {@link PodSpec.Builder#dynamicBatching(DynamicBatching)} or in YAML as
 * {@code dynamic_batching: {preferred_batch_size: 32, timeout_ms: 10}} on a pod.
 *
 * <p>Requests arriving at a shard with the same type and equal parameters (JFlow requests name no
 * endpoint: type and parameters decide what an executor does) are collected in arrival order until
 * their documents reach {@link #preferredBatchSize()} (ids for a request without documents, as DELETE
 * sends) or the first of them has waited {@link #timeout()}, even while a replica is idle; a batch may
 * exceed the preferred size by less than its last request. Then one replica gets one merged request:
 * the documents concatenated in arrival order, likewise the groundtruths (requests with groundtruths
 * batch only when they pair every document, and only with each other) and the ids, with the first
 * request's parameters. When the executor is done, each request gets back the {@code Document} objects
 * at its positions of the merged request: the very objects it sent when the executor changed them in
 * place, the executor's replacements when it set new ones. An executor that changes the number of
 * documents (or groundtruths, or ids) fails every request of the batch with INTERNAL naming the pod and
 * the counts: under batching an executor keeps one document per position (matches and chunks go
 * inside documents); a request that runs alone (a batch of one) is held to the same rule, so an executor
 * that breaks it fails at once, not only under load.
 *
 * <p>A request with at least the preferred number of documents, a request made of several parts (a
 * join), control work, and what the pod's head and tail ({@code uses_before}, {@code uses_after}) run
 * never batch: they run alone, without waiting. A request whose caller gave up (deadline, cancel)
 * before its batch runs is left out of it. A failing batch fails its own requests only, each with an
 * exception of its own (the executor's as its cause) naming the pod. A failed batch of several SEARCH
 * requests runs each of them again alone, once (a search is safe to repeat), so a bad query fails only
 * its own caller and no other caller sees its content in an error; a failed batch of writes (INDEX,
 * UPDATE, DELETE) is not repeated: every request of it fails. Each request is still metered, traced and
 * answered as one request. Waiting requests count against the pod's {@link PodSpec#maxQueue()} and
 * {@link PodSpec#maxQueueBytes()}: when the queue reaches either limit its oldest batch runs at once on an
 * idle replica, and a request that cannot wait while every replica is busy is refused with
 * RESOURCE_EXHAUSTED. With several replicas, each runs one batch at a time. A closing pod runs what
 * waits without waiting more.
 *
 * <p>There is no order between different requests: a request may overtake older waiting requests of
 * another type or other parameters (their batch fills later), as it may with several replicas.
 *
 * <p>A pod in containers ({@code docker://...}) or remote ({@code grpc://...}, or {@code host}) batches
 * in the Flow and sends each batch as one request: the Flow hands each container or remote address one
 * request at a time, so a batcher there would never see two waiting. {@code jflow export} likewise
 * batches in the gateway, not in the pod services. {@code jflow pod --dynamic-batching-size N
 * --dynamic-batching-timeout-ms T} batches in a pod served on its own, which helps only when its callers
 * send it several requests at once.
 */
public final class DynamicBatching {
  /** The wait for more requests when {@link Builder#timeout(Duration)} is not set: 10 ms. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(10);

  /** The longest {@link #timeout()} allowed: 60 s. */
  public static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);

  /** The largest {@link #preferredBatchSize()} allowed: {@value}. */
  public static final int MAX_PREFERRED_BATCH_SIZE = 65_536;

  private final int preferredBatchSize;
  private final Duration timeout;

  private DynamicBatching(Builder b) {
    this.preferredBatchSize = b.preferredBatchSize;
    this.timeout = b.timeout;
  }

  /** A builder; {@link Builder#preferredBatchSize(int)} must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder().preferredBatchSize(preferredBatchSize).timeout(timeout);
  }

  /** The documents per executor call the batcher aims for; a request with this many or more runs alone. Required. */
  public int preferredBatchSize() {
    return preferredBatchSize;
  }

  /** How long the first request of a batch waits for more; {@link #DEFAULT_TIMEOUT} (10 ms) by default. */
  public Duration timeout() {
    return timeout;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DynamicBatching && ((DynamicBatching) o).preferredBatchSize == preferredBatchSize
        && ((DynamicBatching) o).timeout.equals(timeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(preferredBatchSize, timeout);
  }

  @Override
  public String toString() {
    return "DynamicBatching{preferredBatchSize=" + preferredBatchSize + ", timeout=" + timeout.toMillis() + "ms}";
  }

  /** Builds {@link DynamicBatching}; {@link #build()} reports every invalid value at once. */
  public static final class Builder {
    private int preferredBatchSize;
    private boolean sizeSet;
    private Duration timeout = DEFAULT_TIMEOUT;

    private Builder() {}

    /**
     * The documents per executor call the batcher aims for ({@code preferred_batch_size}): 1 to
     * {@link DynamicBatching#MAX_PREFERRED_BATCH_SIZE}. Required: no default.
     */
    public Builder preferredBatchSize(int preferredBatchSize) {
      this.preferredBatchSize = preferredBatchSize;
      this.sizeSet = true;
      return this;
    }

    /**
     * How long the first waiting request waits for more ({@code timeout_ms}): 0 (batch only what waits
     * already) to {@link DynamicBatching#MAX_TIMEOUT}, in whole milliseconds (YAML and {@code jflow pod}
     * hold milliseconds: a fraction would change meaning on the way, 0.5 ms becoming 0). Default
     * {@link DynamicBatching#DEFAULT_TIMEOUT} (10 ms).
     */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Builds the settings.
     *
     * @throws FlowException INVALID_ARGUMENT listing every invalid setting
     */
    public DynamicBatching build() {
      List<String> problems = new ArrayList<>();
      if (!sizeSet || preferredBatchSize < 1 || preferredBatchSize > MAX_PREFERRED_BATCH_SIZE) {
        problems.add(!sizeSet
            ? "preferredBatchSize (preferred_batch_size) is required: the documents per executor call to aim for, e.g. 32"
            : "preferredBatchSize (preferred_batch_size) must be 1 to " + MAX_PREFERRED_BATCH_SIZE + ", got " + preferredBatchSize);
      }
      if (timeout == null) {
        problems.add("timeout (timeout_ms) must be set; the default is " + DEFAULT_TIMEOUT.toMillis() + " ms");
      } else if (timeout.isNegative() || timeout.compareTo(MAX_TIMEOUT) > 0) {
        problems.add("timeout (timeout_ms) must be 0 to " + MAX_TIMEOUT.toMillis() + " ms, got " + timeout.toMillis() + " ms");
      } else if (timeout.toNanos() % 1_000_000 != 0) {
        problems.add("timeout (timeout_ms) must be whole milliseconds (YAML and jflow pod hold milliseconds), got "
            + timeout.toNanos() / 1_000_000.0 + " ms; round it to " + timeout.toMillis() + " or " + (timeout.toMillis() + 1) + " ms");
      }
      if (!problems.isEmpty()) {
        throw new FlowException(Status.Code.INVALID_ARGUMENT, "dynamic batching: " + String.join("; ", problems));
      }
      return new DynamicBatching(this);
    }
  }
}
