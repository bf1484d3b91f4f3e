package dev.jflow.api.spi;

import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Timers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The admission of one gateway: who calls (its authenticator), its calls, the gateway-wide byte budget,
 * the per-caller rate limits, the drain, and the gateway's meters ({@code handler.gatewayMetrics} of the
 * transport's protocol, asked once), to which its calls and its transport report.
 */
final class DefaultAdmission implements Admission {
  private static final System.Logger LOG = System.getLogger(DefaultAdmission.class.getName());
  private final GatewayConfig config;
  private final RequestHandler handler;
  private final GatewayMetrics metrics;
  private final Authenticator authenticator;
  private final long maxGatewayBytes;
  private final AtomicLong held = new AtomicLong();
  private final RateLimits rates;
  private final Set<DefaultAdmittedCall> calls = ConcurrentHashMap.newKeySet();
  private CompletableFuture<Void> drained; // guarded by this
  private boolean cut; // guarded by this: the grace period ran out
  private volatile boolean draining;

  /** @param protocol the protocol the gateway's meters are reported under */
  DefaultAdmission(GatewayConfig config, RequestHandler handler, String protocol) {
    this.config = config;
    this.handler = handler;
    GatewayMetrics m = handler.gatewayMetrics(protocol);
    this.metrics = m == null ? GatewayMetrics.none() : m;
    this.authenticator = config.authenticator();
    this.maxGatewayBytes = config.effectiveMaxGatewayBytes();
    this.rates = RateLimits.of(config);
  }

  @Override
  public AdmittedCall open(CallSink sink, Duration timeout, Credentials credentials, TraceContext trace) {
    Caller caller;
    FlowException refused = null;
    try {
      caller = authenticator.authenticate(credentials == null ? Credentials.none() : credentials);
      if (caller == null) {
        throw new IllegalStateException("the authenticator returned no caller");
      }
    } catch (FlowException e) {
      caller = null;
      refused = e;
    } catch (RuntimeException e) {
      caller = null;
      refused = new FlowException(Status.Code.INTERNAL, "the gateway's authenticator failed (see its log); the call was refused", e);
      LOG.log(System.Logger.Level.ERROR, "the authenticator " + authenticator + " failed", e);
    }
    if (refused != null) {
      LOG.log(System.Logger.Level.DEBUG, "call refused: {0}", refused.getMessage());
      return new DefaultAdmittedCall(this, handler, sink, config, timeout, null, refused, trace);
    }
    DefaultAdmittedCall call = new DefaultAdmittedCall(this, handler, sink, config, timeout, caller, null, trace);
    synchronized (this) {
      if (!draining) {
        calls.add(call);
        return call;
      }
    }
    call.fail(new FlowException(Status.Code.UNAVAILABLE, "the gateway is shutting down and takes no new calls; "
        + "send them to another gateway"));
    return call;
  }

  /** Takes {@code bytes} from the gateway's budget; false when they do not fit (an empty gateway takes anything). */
  boolean reserve(long bytes) {
    while (true) {
      long now = held.get();
      if (now > 0 && now + bytes > maxGatewayBytes) {
        return false;
      }
      if (held.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  void release(long bytes) {
    held.addAndGet(-bytes);
  }

  /** Why a request of {@code bytes} was shed by the gateway's budget. */
  String overBudget(String requestId, long bytes) {
    return "maxGatewayBytes=" + maxGatewayBytes + " reached: the gateway is overloaded (it holds " + held.get()
        + " bytes of requests; request '" + requestId + "' has " + bytes + " more); retry later";
  }

  /** The rate limit of a call of {@code caller} (null when the call was refused). */
  RateLimits.CallLimit rateLimit(Caller caller) {
    return rates.forCall(caller);
  }

  @Override
  public GatewayMetrics metrics() {
    return metrics;
  }

  /** A call ended, however it ended. */
  void ended(DefaultAdmittedCall call) {
    calls.remove(call);
    CompletableFuture<Void> d;
    synchronized (this) {
      d = cut ? null : drained;
    }
    if (d != null && calls.isEmpty()) {
      d.complete(null);
    }
  }

  @Override
  public CompletableFuture<Void> drain() {
    CompletableFuture<Void> d;
    synchronized (this) {
      if (drained != null) {
        return drained;
      }
      draining = true;
      d = drained = new CompletableFuture<>();
    }
    long graceMs = config.drainGrace().toMillis();
    ScheduledFuture<?> timer = Timers.schedule(() -> expire(graceMs), graceMs);
    d.whenComplete((v, e) -> timer.cancel(false));
    new ArrayList<>(calls).forEach(DefaultAdmittedCall::drain);
    if (calls.isEmpty()) {
      d.complete(null);
    }
    return d;
  }

  private void expire(long graceMs) {
    List<DefaultAdmittedCall> left;
    synchronized (this) {
      left = new ArrayList<>(calls);
      cut = !left.isEmpty(); // from now on a call that ends does not complete the drain as clean
    }
    if (left.isEmpty()) {
      drained.complete(null);
      return;
    }
    FlowException gone = new FlowException(Status.Code.UNAVAILABLE, "the gateway shut down: its drain grace period of "
        + graceMs + " ms ran out before this call's requests were answered; send them to another gateway");
    left.forEach(c -> c.fail(gone)); // each is told before the drain is reported over
    drained.completeExceptionally(new FlowException(Status.Code.UNAVAILABLE, "the gateway's drain grace period of "
        + graceMs + " ms ran out; " + left.size() + " call(s) with requests still running were cut"));
  }

  @Override
  public boolean isDraining() {
    return draining;
  }

  @Override
  public int openCalls() {
    return calls.size();
  }

  @Override
  public long heldBytes() {
    return held.get();
  }
}
