package dev.jflow.transport.grpc;

import dev.jflow.api.spi.GatewayMetrics;
import io.grpc.Attributes;
import io.grpc.ServerTransportFilter;

/**
 * Reports the gateway's connections to its meters: one opened when a connection is ready for calls,
 * one closed when it ends. A connection that never became ready (a failed TLS handshake) counts
 * neither way, so the two always balance.
 */
final class ConnectionMeter extends ServerTransportFilter {
  private static final Attributes.Key<Boolean> COUNTED = Attributes.Key.create("jflow-connection-counted");

  private final GatewayMetrics metrics;

  ConnectionMeter(GatewayMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public Attributes transportReady(Attributes attributes) {
    metrics.connectionOpened();
    return attributes.toBuilder().set(COUNTED, Boolean.TRUE).build();
  }

  @Override
  public void transportTerminated(Attributes attributes) {
    if (attributes != null && attributes.get(COUNTED) != null) {
      metrics.connectionClosed();
    }
  }
}
