package dev.jflow.api.spi;

import java.util.Optional;
import java.util.function.LongSupplier;

/** {@link Telemetry#none()}: every meter a shared no-op, no scrape, tracing off. */
final class NoTelemetry implements Telemetry {
  static final NoTelemetry INSTANCE = new NoTelemetry();

  private NoTelemetry() {}

  @Override
  public GatewayMetrics gateway(String flow, String protocol) {
    return GatewayMetrics.none();
  }

  @Override
  public PodMetrics pod(String flow, String pod, String replica) {
    return PodMetrics.none();
  }

  @Override
  public AutoCloseable queue(String flow, String pod, String group, LongSupplier depth, LongSupplier inFlight) {
    return () -> { };
  }

  @Override
  public RemoteMetrics remote(String flow, String pod, String address) {
    return RemoteMetrics.none();
  }

  @Override
  public Tracing tracing() {
    return Tracing.none();
  }

  @Override
  public Optional<MetricsScrape> scrape() {
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "Telemetry.none()";
  }
}
