package dev.jflow.api;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * How a client call (index, search, ...) cuts its input into requests and reports responses.
 * Immutable; build with {@link #builder()}. {@link #defaults()} holds every default.
 *
 * <p><b>Threads.</b> A call's callbacks are its subscriber's {@code onNext}, {@code onError} and
 * {@code onComplete}, the {@link #onDone()}, {@link #onError()} and {@link #onAlways()} consumers, and
 * the stages that depend on the call's future. They run one at a time, never concurrently for one call,
 * each seeing what the one before it did. With an {@link #executor()}, they run on it. Without one (the
 * default), they run on the transport's own thread when the transport allows it (gRPC does; the
 * in-process and WebSocket transports hand them to JFlow's shared pool instead), and otherwise on
 * that pool: either way, do not block in them (a blocked callback holds up its own call's responses),
 * or set an executor. The input is read on the executor, else on the pool, never on a transport's thread.
 */
public final class CallOptions {
  private static final CallOptions DEFAULTS = builder().build();

  private final int requestSize;
  private final int prefetch;
  private final Consumer<Response> onDone;
  private final Consumer<Response> onError;
  private final Consumer<Response> onAlways;
  private final boolean continueOnError;
  private final boolean returnResults;
  private final boolean resultsInOrder;
  private final int topK;
  private final JsonMap parameters;
  private final Executor executor;
  private final Duration timeout;
  private final int maxAttempts;
  private final Duration retryBackoff;

  private CallOptions(Builder b) {
    this.requestSize = b.requestSize;
    this.prefetch = b.prefetch;
    this.onDone = b.onDone;
    this.onError = b.onError;
    this.onAlways = b.onAlways;
    this.continueOnError = b.continueOnError;
    this.returnResults = b.returnResults;
    this.resultsInOrder = b.resultsInOrder;
    this.topK = b.topK;
    this.parameters = b.parameters.copy();
    this.executor = b.executor;
    this.timeout = b.timeout;
    this.maxAttempts = b.maxAttempts;
    this.retryBackoff = b.retryBackoff;
  }

  /** Options with every default. */
  public static CallOptions defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.requestSize = requestSize;
    b.prefetch = prefetch;
    b.onDone = onDone;
    b.onError = onError;
    b.onAlways = onAlways;
    b.continueOnError = continueOnError;
    b.returnResults = returnResults;
    b.resultsInOrder = resultsInOrder;
    b.topK = topK;
    b.parameters.putAll(parameters);
    b.executor = executor;
    b.timeout = timeout;
    b.maxAttempts = maxAttempts;
    b.retryBackoff = retryBackoff;
    return b;
  }

  /** Documents per request; ≤ 0 sends the whole input as one request. Default 100. */
  public int requestSize() {
    return requestSize;
  }

  /** Most requests in flight (sent and not yet answered) at once. Default 50. */
  public int prefetch() {
    return prefetch;
  }

  /** Called once per response whose status is below ERROR, or null. */
  public Consumer<Response> onDone() {
    return onDone;
  }

  /** Called once per response whose status is ERROR or worse, or null. */
  public Consumer<Response> onError() {
    return onError;
  }

  /** Called once per response after onDone or onError, or null. */
  public Consumer<Response> onAlways() {
    return onAlways;
  }

  /** Whether a callback that throws is logged and skipped instead of failing the call. Default false. */
  public boolean continueOnError() {
    return continueOnError;
  }

  /** Whether the call's future holds the responses. Default true. */
  public boolean returnResults() {
    return returnResults;
  }

  /** Whether responses are delivered in request order instead of as they complete. Default false. */
  public boolean resultsInOrder() {
    return resultsInOrder;
  }

  /** Matches wanted per search query, or 0 to leave it to the executors. Default 0. */
  public int topK() {
    return topK;
  }

  /** Parameters sent with every request of the call (a copy). Default none. */
  public JsonMap parameters() {
    return parameters.copy();
  }

  /**
   * Where input is read and callbacks run, or null: the input is then read on JFlow's shared pool and
   * callbacks run on the transport's thread where it allows, else on that pool (see "Threads" above).
   * Default null.
   */
  public Executor executor() {
    return executor;
  }

  /** How long the whole call may take, or null for no limit. Default null. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Transport calls a call may make: when one fails with RESOURCE_EXHAUSTED or UNAVAILABLE, the
   * unanswered requests are sent again on a new one until this many were made. Default 1 (no retry).
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The wait before the first retry, doubling per retry up to 5 s, with jitter. Default 100 ms. */
  public Duration retryBackoff() {
    return retryBackoff;
  }

  /** Builds {@link CallOptions}; every setter states its default. */
  public static final class Builder {
    private int requestSize = 100;
    private int prefetch = 50;
    private Consumer<Response> onDone;
    private Consumer<Response> onError;
    private Consumer<Response> onAlways;
    private boolean continueOnError;
    private boolean returnResults = true;
    private boolean resultsInOrder;
    private int topK;
    private final JsonMap parameters = new JsonMap();
    private Executor executor;
    private Duration timeout;
    private int maxAttempts = 1;
    private Duration retryBackoff = Duration.ofMillis(100);

    private Builder() {}

    /** Documents per request; ≤ 0 sends everything in one request. Default 100. */
    public Builder requestSize(int requestSize) {
      this.requestSize = requestSize;
      return this;
    }

    /** Most requests in flight at once; at least 1. Default 50. */
    public Builder prefetch(int prefetch) {
      this.prefetch = prefetch;
      return this;
    }

    /** Callback for each response below ERROR. Default none. */
    public Builder onDone(Consumer<Response> onDone) {
      this.onDone = onDone;
      return this;
    }

    /** Callback for each response at ERROR or worse. Default none. */
    public Builder onError(Consumer<Response> onError) {
      this.onError = onError;
      return this;
    }

    /** Callback for every response, after onDone / onError. Default none. */
    public Builder onAlways(Consumer<Response> onAlways) {
      this.onAlways = onAlways;
      return this;
    }

    /** Log and skip callbacks that throw instead of failing the call. Default false. */
    public Builder continueOnError(boolean continueOnError) {
      this.continueOnError = continueOnError;
      return this;
    }

    /** Collect the responses into the call's result. Default true; turn off for large streams. */
    public Builder returnResults(boolean returnResults) {
      this.returnResults = returnResults;
      return this;
    }

    /** Deliver responses in request order. Default false (as they complete). */
    public Builder resultsInOrder(boolean resultsInOrder) {
      this.resultsInOrder = resultsInOrder;
      return this;
    }

    /** Matches per search query (sent as the {@code top_k} parameter); 0 leaves it unset. Default 0. */
    public Builder topK(int topK) {
      this.topK = topK;
      return this;
    }

    /** Adds JSON-like parameters sent with every request. Default none. */
    public Builder parameters(Map<String, ?> parameters) {
      this.parameters.putAll(parameters);
      return this;
    }

    /** Adds one parameter sent with every request. */
    public Builder parameter(String key, Object value) {
      this.parameters.put(key, value);
      return this;
    }

    /**
     * Where input is read and callbacks run; set one for callbacks that block or take long. Default
     * null: input on JFlow's shared pool, callbacks on the transport's thread where it allows (gRPC),
     * else on that pool.
     */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /**
     * How long the whole call may take; a request still running then fails the call with
     * DEADLINE_EXCEEDED naming the pods it is in. Default: no limit (null).
     */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Transport calls the call may make, at least 1. When the gateway refuses work (RESOURCE_EXHAUSTED)
     * or the connection fails (UNAVAILABLE), the call waits {@link #retryBackoff(Duration)}, opens a new
     * transport call and sends again every request not yet answered (answered ones are not resent);
     * after a refusal it also keeps half as many requests in flight for the rest of the call. Other
     * failures end the call at once. Default 1: no retries.
     */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * The wait before the first retry; it doubles for each further retry, up to 5 s, and each wait is
     * jittered to between half and all of that, so that many clients do not retry together. Default 100 ms.
     */
    public Builder retryBackoff(Duration retryBackoff) {
      this.retryBackoff = retryBackoff;
      return this;
    }

    /**
     * Builds the options.
     *
     * @throws FlowException INVALID_ARGUMENT listing every invalid setting
     */
    public CallOptions build() {
      StringBuilder problems = new StringBuilder();
      if (prefetch < 1) {
        problems.append("; prefetch must be at least 1, got ").append(prefetch);
      }
      if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
        problems.append("; timeout must be positive, got ").append(timeout);
      }
      if (maxAttempts < 1) {
        problems.append("; maxAttempts must be at least 1 (1 means no retries), got ").append(maxAttempts);
      }
      if (retryBackoff == null || retryBackoff.isNegative() || retryBackoff.isZero()) {
        problems.append("; retryBackoff must be positive, got ").append(retryBackoff);
      }
      if (topK < 0) {
        problems.append("; topK must be 0 (unset) or positive, got ").append(topK);
      }
      if (problems.length() > 0) {
        throw new FlowException(Status.Code.INVALID_ARGUMENT, "invalid call options: " + problems.substring(2));
      }
      return new CallOptions(this);
    }
  }
}
