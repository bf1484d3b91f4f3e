package dev.jflow.api.spi;

import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Request;
import dev.jflow.api.Status;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The per-caller rate limit of one gateway ({@link GatewayConfig#maxRequestsPerSecond()}): a token
 * bucket per caller holding up to {@link GatewayConfig#burst()} requests, refilled at the rate.
 *
 * <p>A caller with a name (a token) has one bucket across all its calls, so opening more calls does
 * not buy more requests. The anonymous caller gets a bucket per call instead: anonymous clients cannot
 * be told apart, and one shared bucket would let a single noisy client starve every other anonymous
 * client (over HTTP each request is a call, so anonymous HTTP requests are not held back; give callers
 * tokens to limit them). Callers {@linkplain Caller#unlimited() exempt}, such as the Flow itself, are
 * never counted.
 *
 * <p>The buckets are bounded: past {@code maxCallers} names, buckets that have refilled (their caller
 * went quiet, so forgetting them changes nothing) are dropped, else the fullest one. Thread-safe.
 */
final class RateLimits {
  /** How many callers' buckets a gateway keeps at most. */
  static final int MAX_CALLERS = 10_000;
  private static final CallLimit NONE = request -> null;

  private final int rate;
  private final int burst;
  private final long nanosPerRequest;
  private final long burstNanos;
  private final int maxCallers;
  private final LongSupplier clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  RateLimits(int rate, int burst, int maxCallers, LongSupplier clock) {
    this.rate = rate;
    this.burst = burst;
    this.nanosPerRequest = rate == 0 ? 0 : 1_000_000_000L / rate;
    this.burstNanos = nanosPerRequest * burst;
    this.maxCallers = maxCallers;
    this.clock = clock;
  }

  /** The limits {@code config} sets, on {@link System#nanoTime()}. */
  static RateLimits of(GatewayConfig config) {
    return new RateLimits(config.maxRequestsPerSecond(), config.burst(), MAX_CALLERS, System::nanoTime);
  }

  /** What one call asks before each request; {@code caller} is null when the call was refused. */
  CallLimit forCall(Caller caller) {
    if (rate == 0 || caller == null || !caller.isRateLimited()) {
      return NONE;
    }
    if (caller.isAnonymous()) {
      Bucket own = new Bucket(clock.getAsLong());
      return request -> refusal(own, caller, request);
    }
    return request -> refusal(bucket(caller.name()), caller, request);
  }

  /** How many callers have a bucket now. */
  int callers() {
    return buckets.size();
  }

  /** The limit of one call: why {@code request} is over its caller's rate (using one request of it if not), or null. */
  @FunctionalInterface
  interface CallLimit {
    FlowException refusal(Request request);
  }

  private FlowException refusal(Bucket b, Caller caller, Request request) {
    long wait = b.take(clock.getAsLong());
    if (wait == 0) {
      return null;
    }
    // what to do first: a WebSocket close reason keeps only 123 bytes
    return new FlowException(Status.Code.RESOURCE_EXHAUSTED, "maxRequestsPerSecond=" + rate + " reached by caller '" + caller.name()
        + "': slow down, or retry after " + Math.max(1, (wait + 999_999) / 1_000_000) + " ms (burst " + burst + "; request '"
        + request.id() + "' was refused)");
  }

  private Bucket bucket(String name) {
    Bucket b = buckets.get(name);
    if (b != null) {
      return b;
    }
    return added(name);
  }

  /** A new caller's bucket, made room for and added under one lock, so the bound holds under concurrency. */
  private synchronized Bucket added(String name) {
    Bucket b = buckets.get(name);
    if (b != null) {
      return b; // another thread added it
    }
    if (buckets.size() >= maxCallers) {
      evict();
    }
    b = new Bucket(clock.getAsLong());
    buckets.put(name, b);
    return b;
  }

  /** Drops the buckets that have refilled; if none has, the fullest one. */
  private synchronized void evict() {
    if (buckets.size() < maxCallers) {
      return; // another thread made room
    }
    long now = clock.getAsLong();
    String fullest = null;
    long earliest = Long.MAX_VALUE;
    for (Iterator<Map.Entry<String, Bucket>> it = buckets.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Bucket> e = it.next();
      long fullAt = e.getValue().fullAt.get();
      if (fullAt - now <= 0) {
        it.remove();
      } else if (fullest == null || fullAt - earliest < 0) {
        earliest = fullAt;
        fullest = e.getKey();
      }
    }
    if (buckets.size() >= maxCallers && fullest != null) {
      buckets.remove(fullest);
    }
  }

  /**
   * One caller's bucket, kept as the time it will be full again (a generic cell rate algorithm): a
   * request moves that time on by one request's share of a second, and is refused when the bucket
   * would then be further from full than the burst.
   */
  private final class Bucket {
    final AtomicLong fullAt;

    Bucket(long now) {
      this.fullAt = new AtomicLong(now);
    }

    /** Takes one request: 0 when it may run, else the nanoseconds until one may. */
    long take(long now) {
      while (true) {
        long full = fullAt.get();
        long next = (full - now > 0 ? full : now) + nanosPerRequest;
        long over = next - now - burstNanos;
        if (over > 0) {
          return over;
        }
        if (fullAt.compareAndSet(full, next)) {
          return 0;
        }
      }
    }
  }
}
