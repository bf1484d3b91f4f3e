package dev.jflow.transport.websocket;

import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayAddress;
import dev.jflow.core.testing.TransportConformanceSuite;

/** The transport contract, kept by the websocket transport over real sockets on 127.0.0.1. */
class WebSocketConformanceTest extends TransportConformanceSuite {
  @Override
  protected String protocol() {
    return "websocket";
  }

  /** Sends a binary frame that is not a RequestProto with the JDK's WebSocket client; reports the close as a FlowException. */
  @Override
  protected FlowException sendMalformed(GatewayAddress gateway) throws Exception {
    try (JdkSocket socket = JdkSocket.open(gateway.port(), "")) {
      socket.sendBinary(new byte[] {0x0A, (byte) 0xFF, 0x01});
      JdkSocket.Closed closed = socket.closed();
      return CloseCodes.toFlow(closed.code(), closed.reason(), gateway.toString());
    }
  }
}
