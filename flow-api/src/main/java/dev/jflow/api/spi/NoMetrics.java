package dev.jflow.api.spi;

/** The shared no-op meters of {@link Telemetry#none()}. */
final class NoMetrics {
  static final GatewayMetrics GATEWAY = new GatewayMetrics() { };
  static final PodMetrics POD = new PodMetrics() { };
  static final RemoteMetrics REMOTE = new RemoteMetrics() { };

  private NoMetrics() {}
}
