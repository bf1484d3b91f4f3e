package dev.jflow.transport.websocket;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.spi.ClientCall;
import dev.jflow.api.spi.ResponseObserver;
import dev.jflow.proto.ProtoCodec;
import dev.jflow.proto.ProtoJson;
import dev.jflow.proto.jina.RequestProto;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One client call: one socket to the gateway's {@code /stream}. Requests go out as binary frames
 * (queued until the socket is open), {@link #halfClose()} sends the 0x00 end marker, responses are
 * handed to the observer as they arrive, and the gateway's normal close after the last response
 * completes the call. Any other close, a lost connection, {@link #cancel} or the deadline ends it with
 * a {@link FlowException}; ending it closes the socket, so the gateway abandons the call's work.
 *
 * <p>Public only because Tyrus calls endpoint methods by reflection; not API: only this transport
 * constructs it.
 */
public final class ClientStream extends Endpoint implements ClientCall {
  private static final byte[] END_OF_INPUT = {0};

  private final ResponseObserver observer;
  private final String address;
  private final int maxMessageSize;
  private final long deadlineNanos;
  private final Consumer<ClientStream> onEnd;
  private final Object delivery = new Object();

  // guarded by this
  private Session session;
  private final List<byte[]> unsent = new ArrayList<>();
  private boolean halfClosed;
  private boolean finished;

  // guarded by delivery
  private boolean terminal;

  /**
   * @param address the gateway's {@code ws://host:port/stream}, for messages
   * @param deadlineNanos the call's deadline ({@link System#nanoTime()}), or {@link Long#MAX_VALUE} for none
   * @param onEnd called once when the call ends, however it ends
   */
  ClientStream(ResponseObserver observer, String address, int maxMessageSize, long deadlineNanos, Consumer<ClientStream> onEnd) {
    this.observer = observer;
    this.address = address;
    this.maxMessageSize = maxMessageSize;
    this.deadlineNanos = deadlineNanos;
    this.onEnd = onEnd;
  }

  // ---- ClientCall

  @Override
  public void send(Request request) {
    byte[] frame = ProtoCodec.encode(request).toByteArray();
    synchronized (this) {
      if (finished) {
        return;
      }
      if (halfClosed) {
        throw new IllegalStateException("send after halfClose");
      }
      write(frame);
    }
  }

  @Override
  public void halfClose() {
    synchronized (this) {
      if (finished || halfClosed) {
        return;
      }
      halfClosed = true;
      write(END_OF_INPUT);
    }
  }

  @Override
  public void cancel(String reason) {
    String why = reason == null ? "cancelled by the client" : reason;
    end(new FlowException(Status.Code.CANCELLED, why), CloseCodes.forStatus(Status.Code.CANCELLED), why);
  }

  /** Sends now, or when the socket opens; caller holds the lock. */
  private void write(byte[] frame) {
    if (session == null) {
      unsent.add(frame);
      return;
    }
    Session s = session;
    s.getAsyncRemote().sendBinary(ByteBuffer.wrap(frame), result -> {
      // a socket the gateway closed (e.g. refusing the call at once) reports why in its close, which wins
      if (!result.isOK() && s.isOpen()) {
        end(new FlowException(Status.of(Status.Code.UNAVAILABLE, "sending to the gateway " + address + " failed: "
            + result.getException()).withCause(result.getException())), 0, null);
      }
    });
  }

  // ---- socket events

  @Override
  public void onOpen(Session s, EndpointConfig config) {
    int buffer = Limits.bufferFor(maxMessageSize);
    s.setMaxBinaryMessageBufferSize(buffer);
    s.setMaxTextMessageBufferSize(buffer);
    s.addMessageHandler(ByteBuffer.class, this::onBinary);
    s.addMessageHandler(String.class, this::onText);
    boolean cancelled;
    synchronized (this) {
      session = s;
      cancelled = finished;
      if (!cancelled) {
        sendDeadline(s);
        unsent.forEach(this::write);
        unsent.clear();
      }
    }
    if (cancelled) {
      close(s, CloseCodes.forStatus(Status.Code.CANCELLED), "the call ended before the socket opened");
    }
  }

  /**
   * Tells the gateway the time left, measured now that the socket is open, in an unsolicited pong
   * (see {@link StreamEndpoint}); caller holds the lock, so it goes out before any request.
   */
  private void sendDeadline(Session s) {
    if (deadlineNanos == Long.MAX_VALUE) {
      return;
    }
    long ms = Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    try {
      s.getAsyncRemote().sendPong(ByteBuffer.wrap((StreamSession.DEADLINE_PONG + ms).getBytes(StandardCharsets.US_ASCII)));
    } catch (IOException | RuntimeException e) {
      // the socket failed; its close reports why
    }
  }

  private void onBinary(ByteBuffer frame) {
    if (tooBig(frame.remaining())) {
      return;
    }
    RequestProto proto;
    try {
      proto = RequestProto.parseFrom(frame);
    } catch (InvalidProtocolBufferException e) {
      badResponse("a frame that is not a RequestProto: " + e.getMessage(), e);
      return;
    }
    deliver(proto);
  }

  private void onText(String json) {
    if (tooBig(Utf8.length(json))) {
      return;
    }
    try {
      deliver(ProtoJson.parse(json));
    } catch (FlowException e) {
      badResponse("a text frame that is not a RequestProto: " + e.status().description(), e);
    }
  }

  private boolean tooBig(long size) {
    if (size <= maxMessageSize) {
      return false;
    }
    String why = "the gateway " + address + " sent a response of " + size + " bytes; this client's maxMessageSize is "
        + maxMessageSize + " (raise ClientConfig.maxMessageSize)";
    end(new FlowException(Status.Code.RESOURCE_EXHAUSTED, why), CloseCodes.TOO_BIG, "response over maxMessageSize=" + maxMessageSize);
    return true;
  }

  private void deliver(RequestProto proto) {
    Response response;
    try {
      response = ProtoCodec.decodeResponse(proto);
    } catch (FlowException e) {
      badResponse("an undecodable response: " + e.status().description(), e);
      return;
    }
    synchronized (delivery) {
      if (!terminal) {
        observer.onNext(response);
      }
    }
  }

  private void badResponse(String what, Exception e) {
    end(new FlowException(Status.of(Status.Code.INTERNAL, "the gateway " + address + " sent " + what).withCause(e)),
        CloseCodes.BAD_PAYLOAD, "bad response");
  }

  @Override
  public void onClose(Session s, CloseReason reason) {
    int code = reason.getCloseCode().getCode();
    FlowException failure = CloseCodes.toFlow(code, reason.getReasonPhrase(), address);
    if (failure == null) {
      boolean done;
      synchronized (this) {
        done = halfClosed;
      }
      failure = done ? null : new FlowException(Status.Code.UNAVAILABLE, "the gateway " + address
          + " closed the stream before the call ended: " + reason.getReasonPhrase());
    }
    end(failure, 0, null);
  }

  @Override
  public void onError(Session s, Throwable error) {
    end(new FlowException(Status.of(Status.Code.UNAVAILABLE, "the connection to the gateway " + address + " failed: " + error)
        .withCause(error)), CloseCodes.INTERNAL, "client error");
  }

  /** The socket could not be opened. */
  void connectFailed(Throwable error) {
    String why = WebSocketTls.why(error, address.startsWith("ws:"));
    end(new FlowException(Status.of(Status.Code.UNAVAILABLE, "gateway " + address + " is unavailable: " + why).withCause(error)), 0, null);
  }

  /** The call's deadline passed without the gateway ending it. */
  void deadlinePassed(long ms) {
    end(new FlowException(Status.Code.DEADLINE_EXCEEDED, "the call to " + address + " did not finish within " + ms + " ms"),
        CloseCodes.forStatus(Status.Code.DEADLINE_EXCEEDED), "deadline exceeded");
  }

  /**
   * Ends the call: reports {@code failure} (null: completed) once, and closes the socket with
   * {@code closeCode} unless it is 0.
   */
  void end(FlowException failure, int closeCode, String closeReason) {
    Session s;
    synchronized (this) {
      finished = true;
      unsent.clear();
      s = session;
    }
    synchronized (delivery) {
      if (terminal) {
        return;
      }
      terminal = true;
      if (failure == null) {
        observer.onCompleted();
      } else {
        observer.onError(failure);
      }
    }
    if (s != null && closeCode != 0) {
      close(s, closeCode, closeReason);
    }
    onEnd.accept(this);
  }

  private static void close(Session s, int code, String reason) {
    if (!s.isOpen()) {
      return;
    }
    try {
      s.close(CloseCodes.reason(code, reason));
    } catch (IOException | RuntimeException e) {
      // the socket is gone already
    }
  }
}
