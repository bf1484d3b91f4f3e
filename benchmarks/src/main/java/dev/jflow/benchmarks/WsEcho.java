package dev.jflow.benchmarks;

import dev.jflow.api.GatewayConfig;
import dev.jflow.proto.jina.RequestProto;
import dev.jflow.proto.jina.StatusProto;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.Server;

/**
 * The WebSocket baseline's server: a plain Tyrus (Grizzly) server on 127.0.0.1 whose {@code /stream}
 * answers each binary RequestProto frame with the request plus a SUCCESS status, and closes normally on
 * the one-byte {@code 0x00} end-of-input frame, as JFlow's WebSocket gateway does.
 */
final class WsEcho implements AutoCloseable {
  /** Tyrus's read buffer: what JFlow's gateway gives it for the default 64 MiB message limit. */
  static final int BUFFER = 2 * GatewayConfig.DEFAULT_MAX_MESSAGE_SIZE + 64 * 1024;

  private final Server server;

  private WsEcho(Server server) {
    this.server = server;
  }

  /** Starts the echo at a free port. */
  static WsEcho start() throws DeploymentException {
    Server server = new Server("127.0.0.1", 0, "/", Map.of(TyrusWebSocketEngine.INCOMING_BUFFER_SIZE, BUFFER), Endpoint.class);
    server.start();
    return new WsEcho(server);
  }

  /** The port it listens on. */
  int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.stop();
  }

  /** The {@code /stream} endpoint; public for Tyrus, which makes one per connection. */
  @ServerEndpoint("/stream")
  public static final class Endpoint {
    private static final StatusProto SUCCESS = StatusProto.newBuilder().setCode(StatusProto.StatusCode.SUCCESS).build();

    /** Echoes a request frame, or closes normally at the end-of-input frame. */
    @OnMessage
    public void onMessage(ByteBuffer frame, Session session) throws IOException {
      if (frame.remaining() == 1 && frame.get(frame.position()) == 0) {
        session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "end of input"));
        return;
      }
      RequestProto request = RequestProto.parseFrom(frame);
      session.getAsyncRemote().sendBinary(ByteBuffer.wrap(request.toBuilder().setStatus(SUCCESS).build().toByteArray()));
    }
  }
}
