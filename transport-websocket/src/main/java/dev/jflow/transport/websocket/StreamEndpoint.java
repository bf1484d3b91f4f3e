package dev.jflow.transport.websocket;

import dev.jflow.api.GatewayConfig;
import dev.jflow.api.spi.Admission;
import dev.jflow.api.spi.Credentials;
import dev.jflow.api.spi.GatewayMetrics;
import dev.jflow.api.spi.TraceContext;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The {@code /stream} endpoint: one instance for every socket, each socket's state in a
 * {@link StreamSession}. A JFlow extension gives a socket a deadline, so that requests still running
 * then fail naming the slow pods: {@code ?timeout_ms=N} on the URL, or (what JFlow's client sends,
 * measured after the handshake) an unsolicited pong frame holding {@code timeout_ms=N}. The upgrade's
 * credentials (see {@link UpgradeCredentials}) and W3C trace context ({@link UpgradeTrace}) go to the
 * admission when the socket opens.
 *
 * <p>Public only because Tyrus calls endpoint methods by reflection; not API: only this transport
 * constructs it.
 */
public final class StreamEndpoint extends Endpoint {
  static final String PATH = "/stream";
  static final String TIMEOUT_PARAMETER = "timeout_ms";
  private static final String STATE = StreamSession.class.getName();
  private static final String CREDENTIALS = Credentials.class.getName();
  private static final String TRACE = TraceContext.class.getName();

  private final Admission admission;
  private final GatewayConfig config;
  private final WebSocketSettings settings;
  private final Set<StreamSession> open;
  private final GatewayMetrics metrics;

  StreamEndpoint(Admission admission, GatewayConfig config, WebSocketSettings settings, Set<StreamSession> open,
      GatewayMetrics metrics) {
    this.admission = admission;
    this.config = config;
    this.settings = settings;
    this.open = open;
    this.metrics = metrics;
  }

  /**
   * The Tyrus configuration serving this instance at {@value #PATH}. A handshake whose {@code Origin}
   * (a browser page's) {@code websocket.cors} does not allow is refused with 403; one without an
   * {@code Origin} (a client that is not a browser) is not concerned.
   */
  ServerEndpointConfig serverConfig() {
    StreamEndpoint self = this;
    return ServerEndpointConfig.Builder.create(StreamEndpoint.class, PATH)
        .subprotocols(List.of(UpgradeCredentials.SUBPROTOCOL))
        .configurator(new ServerEndpointConfig.Configurator() {
          @Override
          public <T> T getEndpointInstance(Class<T> endpointClass) {
            return endpointClass.cast(self);
          }

          /** Tyrus hands each handshake its own copy of the user properties, which become the socket's. */
          @Override
          public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
            sec.getUserProperties().put(CREDENTIALS, UpgradeCredentials.from(request.getHeaders()));
            sec.getUserProperties().put(TRACE, UpgradeTrace.from(request.getHeaders()));
          }

          @Override
          public boolean checkOrigin(String origin) {
            return settings.cors().allowsSocket(origin);
          }
        })
        .build();
  }

  @Override
  public void onOpen(Session session, EndpointConfig endpointConfig) {
    if (!settings.idleTimeout().isZero()) {
      session.setMaxIdleTimeout(settings.idleTimeout().toMillis());
    }
    int buffer = Limits.bufferFor(config.maxMessageSize());
    session.setMaxBinaryMessageBufferSize(buffer);
    session.setMaxTextMessageBufferSize(buffer);
    Duration timeout;
    try {
      timeout = timeout(session);
    } catch (IllegalArgumentException e) {
      try {
        session.close(CloseCodes.reason(1003, e.getMessage()));
      } catch (IOException ignored) {
        // the socket is gone already
      }
      return;
    }
    Object credentials = endpointConfig.getUserProperties().get(CREDENTIALS);
    Object trace = endpointConfig.getUserProperties().get(TRACE);
    StreamSession s = new StreamSession(session, admission, config.maxMessageSize(), settings, timeout, open,
        credentials instanceof Credentials ? (Credentials) credentials : Credentials.none(),
        trace instanceof TraceContext ? (TraceContext) trace : TraceContext.none(), metrics);
    session.getUserProperties().put(STATE, s);
    session.addMessageHandler(ByteBuffer.class, s::onBinary);
    session.addMessageHandler(String.class, s::onText);
    session.addMessageHandler(PongMessage.class, s::onPong);
  }

  private static Duration timeout(Session session) {
    List<String> values = session.getRequestParameterMap().get(TIMEOUT_PARAMETER);
    if (values == null || values.isEmpty()) {
      return null;
    }
    String v = values.get(0);
    try {
      long ms = Long.parseLong(v);
      if (ms > 0) {
        return StreamSession.deadline(ms);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(TIMEOUT_PARAMETER + " must be a positive number of milliseconds, got '" + v + "'");
  }

  @Override
  public void onClose(Session session, CloseReason reason) {
    StreamSession s = (StreamSession) session.getUserProperties().get(STATE);
    if (s != null) {
      s.abandon("closed with " + reason.getCloseCode().getCode() + " " + reason.getReasonPhrase());
    }
  }

  @Override
  public void onError(Session session, Throwable error) {
    StreamSession s = (StreamSession) session.getUserProperties().get(STATE);
    if (s != null) {
      s.close(CloseCodes.INTERNAL, "the socket failed: " + error);
    }
  }
}
