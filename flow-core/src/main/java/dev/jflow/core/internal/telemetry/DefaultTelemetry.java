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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Meters in a Micrometer registry (none without one: every meter is then the SPI's no-op), spans
 * through {@link OtelTracing}. A gateway's or replica's meters are made once and handed to every Flow
 * that asks for the same names, so gauges of one series share one value.
 */
final class DefaultTelemetry implements Telemetry {
  private final MeterRegistry registry;
  private final Tracing tracing;
  private final MetricsScrape scrape;
  private final ConcurrentMap<List<String>, GatewayMeters> gateways = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, PodMeters> pods = new ConcurrentHashMap<>();
  private final QueueGauges queues;
  private final Remotes remotes;

  DefaultTelemetry(MeterRegistry registry, Tracing tracing, MetricsScrape scrape) {
    this.registry = registry;
    this.tracing = tracing;
    this.scrape = scrape;
    this.queues = registry == null ? null : new QueueGauges(registry);
    this.remotes = registry == null ? null : new Remotes(registry);
  }

  @Override
  public GatewayMetrics gateway(String flow, String protocol) {
    if (registry == null) {
      return GatewayMetrics.none();
    }
    return gateways.computeIfAbsent(List.of(Meters.tag(flow), Meters.tag(protocol)),
        k -> new GatewayMeters(registry, k.get(0), k.get(1)));
  }

  @Override
  public PodMetrics pod(String flow, String pod, String replica) {
    if (registry == null) {
      return PodMetrics.none();
    }
    return pods.computeIfAbsent(List.of(Meters.tag(flow), Meters.tag(pod), Meters.tag(replica)),
        k -> new PodMeters(registry, k.get(0), k.get(1), k.get(2)));
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
    return registry == null ? RemoteMetrics.none() : remotes.open(flow, pod, address);
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
