package dev.jflow.core.internal.telemetry;

import dev.jflow.api.spi.GatewayMetrics;
import dev.jflow.api.spi.MetricsScrape;
import dev.jflow.api.spi.PodMetrics;
import dev.jflow.api.spi.RemoteMetrics;
import dev.jflow.api.spi.Telemetry;
import dev.jflow.api.spi.Tracing;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Meters in a Micrometer registry (none without one: every meter is then the SPI's no-op), spans
 * through {@link OtelTracing}. A gateway's, replica's or remote connection's meters are made once and
 * shared by every user that asks for the same names (so gauges of one series share one value); each
 * user gets a handle of its own, and the last handle's close removes the meters from the registry.
 */
final class DefaultTelemetry implements Telemetry {
  private final MeterRegistry registry;
  private final Tracing tracing;
  private final MetricsScrape scrape;
  private final SharedMeters<GatewayMeters> gateways = new SharedMeters<>();
  private final SharedMeters<PodMeters> pods = new SharedMeters<>();
  private final SharedMeters<RemoteMeters> remotes = new SharedMeters<>();
  private final QueueGauges queues;

  DefaultTelemetry(MeterRegistry registry, Tracing tracing, MetricsScrape scrape) {
    this.registry = registry;
    this.tracing = tracing;
    this.scrape = scrape;
    this.queues = registry == null ? null : new QueueGauges(registry);
  }

  @Override
  public GatewayMetrics gateway(String flow, String protocol) {
    if (registry == null) {
      return GatewayMetrics.none();
    }
    return gateways.open(List.of(Meters.tag(flow), Meters.tag(protocol)),
        (k, lock) -> new GatewayMeters(registry, lock, k.get(0), k.get(1)), GatewayHandle::new);
  }

  @Override
  public PodMetrics pod(String flow, String pod, String replica) {
    if (registry == null) {
      return PodMetrics.none();
    }
    return pods.open(List.of(Meters.tag(flow), Meters.tag(pod), Meters.tag(replica)),
        (k, lock) -> new PodMeters(registry, lock, k.get(0), k.get(1), k.get(2)), PodHandle::new);
  }

  @Override
  public AutoCloseable queue(String flow, String pod, String group, LongSupplier depth, LongSupplier inFlight) {
    if (registry == null) {
      return () -> { };
    }
    return queues.register(flow, pod, group, depth, inFlight);
  }

  @Override
  public RemoteMetrics remote(String flow, String pod, String address) {
    if (registry == null) {
      return RemoteMetrics.none();
    }
    return remotes.open(List.of(Meters.tag(flow), Meters.tag(pod), Meters.tag(address)),
        (k, lock) -> new RemoteMeters(registry, lock, k.get(0), k.get(1), k.get(2)), RemoteHandle::new);
  }

  @Override
  public Tracing tracing() {
    return tracing;
  }

  @Override
  public Optional<MetricsScrape> scrape() {
    return Optional.ofNullable(scrape);
  }

  @Override
  public String toString() {
    return "FlowTelemetry{meters=" + (registry == null ? "none" : registry.getClass().getSimpleName())
        + ", tracing=" + (tracing.isEnabled() ? "on" : "off") + ", scrape=" + (scrape == null ? "none" : "set") + "}";
  }
}
