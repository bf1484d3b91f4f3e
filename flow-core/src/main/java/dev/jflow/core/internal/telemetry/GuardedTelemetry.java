package dev.jflow.core.internal.telemetry;

import dev.jflow.api.spi.GatewayMetrics;
import dev.jflow.api.spi.MetricsScrape;
import dev.jflow.api.spi.PodMetrics;
import dev.jflow.api.spi.RemoteMetrics;
import dev.jflow.api.spi.Telemetry;
import dev.jflow.api.spi.Tracing;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A user's {@link Telemetry} whose every call, and every call on the meters and spans it hands out,
 * catches what the telemetry throws (see {@link Guard}), so a broken meter registry or tracer can
 * neither fail nor hang a request. Null meters and spans count as the no-op ones.
 */
final class GuardedTelemetry implements Telemetry {
  private final Telemetry delegate;
  private final String name;
  private final Guard guard;
  private final Tracing tracing;

  private GuardedTelemetry(Telemetry delegate, String flow) {
    this.delegate = delegate;
    this.name = name(delegate);
    this.guard = new Guard(flow, name);
    this.tracing = GuardedTracing.of(tracing(delegate, guard), guard);
  }

  /**
   * {@code telemetry} guarded for Flow {@code flow} (named in the log lines); {@link Telemetry#none()}
   * (and null) as none, unwrapped, and a guarded one as it is.
   */
  static Telemetry of(Telemetry telemetry, String flow) {
    if (telemetry == null || telemetry == Telemetry.none()) {
      return Telemetry.none();
    }
    return telemetry instanceof GuardedTelemetry ? telemetry : new GuardedTelemetry(telemetry, flow);
  }

  private static String name(Telemetry t) {
    try {
      return String.valueOf(t);
    } catch (RuntimeException e) {
      return t.getClass().getName();
    }
  }

  private static Tracing tracing(Telemetry t, Guard guard) {
    try {
      return t.tracing();
    } catch (Throwable e) {
      guard.failed("Telemetry.tracing", e);
      return Tracing.none();
    }
  }

  @Override
  public GatewayMetrics gateway(String flow, String protocol) {
    GatewayMetrics m;
    try {
      m = delegate.gateway(flow, protocol);
    } catch (Throwable e) {
      guard.failed("Telemetry.gateway", e);
      return GatewayMetrics.none();
    }
    return m == null || m == GatewayMetrics.none() ? GatewayMetrics.none() : new GuardedGateway(m, guard);
  }

  @Override
  public PodMetrics pod(String flow, String pod, String replica) {
    PodMetrics m;
    try {
      m = delegate.pod(flow, pod, replica);
    } catch (Throwable e) {
      guard.failed("Telemetry.pod", e);
      return PodMetrics.none();
    }
    return m == null || m == PodMetrics.none() ? PodMetrics.none() : new GuardedPod(m, guard);
  }

  @Override
  public AutoCloseable queue(String flow, String pod, String group, LongSupplier depth, LongSupplier inFlight) {
    AutoCloseable registration;
    try {
      registration = delegate.queue(flow, pod, group, depth, inFlight);
    } catch (Throwable e) {
      guard.failed("Telemetry.queue", e);
      return () -> { };
    }
    if (registration == null) {
      return () -> { };
    }
    return () -> {
      try {
        registration.close();
      } catch (Throwable e) {
        guard.failed("Telemetry.queue close", e);
      }
    };
  }

  @Override
  public RemoteMetrics remote(String flow, String pod, String address) {
    RemoteMetrics m;
    try {
      m = delegate.remote(flow, pod, address);
    } catch (Throwable e) {
      guard.failed("Telemetry.remote", e);
      return RemoteMetrics.none();
    }
    return m == null || m == RemoteMetrics.none() ? RemoteMetrics.none() : new GuardedRemote(m, guard);
  }

  @Override
  public Tracing tracing() {
    return tracing;
  }

  @Override
  public Optional<MetricsScrape> scrape() {
    try {
      Optional<MetricsScrape> s = delegate.scrape();
      return s == null ? Optional.empty() : s;
    } catch (Throwable e) {
      guard.failed("Telemetry.scrape", e);
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "Guarded{" + name + "}";
  }
}
