package dev.jflow.transport.websocket;

import dev.jflow.api.spi.GatewayMetrics;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.ConnectionProbe;

/**
 * Reports the gateway's TCP connections (HTTP and WebSocket alike: a socket is an upgraded HTTP
 * connection) to its meters, from Grizzly's accept and close events. Only accepted connections are
 * counted closed, not the listening one, so the two always balance.
 */
final class ConnectionMeter extends ConnectionProbe.Adapter {
  private final GatewayMetrics metrics;
  private final Set<Connection<?>> open = ConcurrentHashMap.newKeySet();

  ConnectionMeter(GatewayMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  @SuppressWarnings("rawtypes") // ConnectionProbe's own signatures
  public void onAcceptEvent(Connection serverConnection, Connection clientConnection) {
    if (open.add(clientConnection)) {
      metrics.connectionOpened();
    }
  }

  @Override
  @SuppressWarnings("rawtypes") // ConnectionProbe's own signature
  public void onCloseEvent(Connection connection) {
    if (open.remove(connection)) {
      metrics.connectionClosed();
    }
  }
}
