package dev.jflow.transport.websocket;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.Response;
import dev.jflow.api.internal.Timers;
import dev.jflow.api.spi.AdmittedCall;
import dev.jflow.api.spi.Admission;
import dev.jflow.api.spi.CallSink;
import dev.jflow.api.spi.Credentials;
import dev.jflow.api.spi.GatewayMetrics;
import dev.jflow.api.spi.TraceContext;
import dev.jflow.proto.DecodeLimits;
import dev.jflow.proto.ProtoCodec;
import dev.jflow.proto.ProtoJson;
import dev.jflow.proto.jina.RequestProto;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client socket on {@code /stream}, a thin adapter around an {@link AdmittedCall}: frames become
 * offered requests, responses go back as they complete (binary for binary requests, JSON for text
 * ones), each with its request's id. The end marker (a binary frame holding the single byte 0x00)
 * closes the socket normally once every request is answered. Bad input closes with a standard code
 * (1007 bad payload, 1009 too big, 1002 a frame after the end marker, 1008 a client that does not
 * read); a failure of the admission or the Flow with {@code 4000 + the gRPC status number} (4016 for a
 * caller the admission refused, 4007 for a request it may not send), once the client's input ended.
 * Every response frame handed to the socket is reported to the gateway's meters with its size.
 */
final class StreamSession {
  private static final Logger LOG = LoggerFactory.getLogger(StreamSession.class);
  /** The payload prefix of the pong that carries a client's deadline. */
  static final String DEADLINE_PONG = "timeout_ms=";

  private final Session session;
  private final int maxMessageSize;
  private final DecodeLimits limits;
  private final Outbox outbox;
  private final Set<StreamSession> open;
  private final GatewayMetrics metrics;
  private final AdmittedCall call;

  // guarded by this
  private final Set<Request> textRequests = Collections.newSetFromMap(new IdentityHashMap<>());
  private long frames;
  private boolean inputDone;
  private boolean closed;
  private int closeAfterInput; // the close code of a failed call waiting for the client's end of input; 0 for none
  private String closeAfterInputReason;
  private java.util.concurrent.ScheduledFuture<?> linger;

  /**
   * @param timeout the client's deadline for the whole socket ({@code ?timeout_ms=}), or null; a
   *     deadline pong replaces it
   * @param open the gateway's open sockets: this one is in it from now until it ends, however it ends
   * @param credentials what the client presented with its upgrade request
   * @param trace the trace context of the upgrade request, for every request of the socket
   */
  StreamSession(Session session, Admission admission, int maxMessageSize, WebSocketSettings settings, Duration timeout,
      Set<StreamSession> open, Credentials credentials, TraceContext trace, GatewayMetrics metrics) {
    this.session = session;
    this.maxMessageSize = maxMessageSize;
    this.limits = DecodeLimits.forMessageSize(maxMessageSize);
    this.outbox = new Outbox(session.getAsyncRemote(), settings.maxQueuedBytes());
    this.open = open;
    this.metrics = metrics;
    open.add(this);
    this.call = admission.open(new Sink(), timeout, credentials, trace);
  }

  /**
   * A pong frame. JFlow's client sends an unsolicited pong {@code timeout_ms=N} right after the socket
   * opens (RFC 6455 allows unsolicited pongs; other servers ignore them): its deadline, measured after
   * the handshake so that connection time does not count against it. Other pongs are heartbeats.
   */
  void onPong(PongMessage pong) {
    ByteBuffer data = pong.getApplicationData();
    String text = StandardCharsets.US_ASCII.decode(data.duplicate()).toString();
    if (text.startsWith(DEADLINE_PONG)) {
      try {
        call.deadline(deadline(Long.parseLong(text.substring(DEADLINE_PONG.length()))));
      } catch (NumberFormatException e) {
        close(1003, "the deadline pong must be " + DEADLINE_PONG + "<milliseconds>, got '" + CloseCodes.truncate(text) + "'");
      }
    }
  }

  /** A client's deadline of {@code ms} milliseconds, negative counting as 0 (the admission takes any length). */
  static Duration deadline(long ms) {
    return Duration.ofMillis(Math.max(0, ms));
  }

  /** A binary frame: the end marker or a serialized RequestProto. */
  void onBinary(ByteBuffer frame) {
    long n = nextFrame();
    int size = frame.remaining();
    if (size == 1 && frame.get(frame.position()) == 0) {
      synchronized (this) {
        inputDone = true;
      }
      call.halfClose();
      closeFailedCall();
      return;
    }
    if (failedCallWaits()) {
      return; // the call failed already: what the client still sends is read and dropped
    }
    if (tooBig(size, n)) {
      return;
    }
    RequestProto proto;
    try {
      proto = RequestProto.parseFrom(frame);
    } catch (InvalidProtocolBufferException e) {
      close(CloseCodes.BAD_PAYLOAD, "frame " + n + " is not a RequestProto: " + e.getMessage());
      return;
    }
    accept(proto, true, size);
  }

  /** A text frame: the proto3 JSON of a RequestProto. */
  void onText(String json) {
    long n = nextFrame();
    if (failedCallWaits()) {
      return;
    }
    long size = Utf8.length(json);
    if (tooBig(size, n)) {
      return;
    }
    RequestProto proto;
    try {
      proto = ProtoJson.parse(json);
    } catch (FlowException e) {
      close(CloseCodes.BAD_PAYLOAD, "frame " + n + ": " + e.status().description());
      return;
    }
    accept(proto, false, size);
  }

  private synchronized long nextFrame() {
    return ++frames;
  }

  private boolean tooBig(long size, long n) {
    if (size <= maxMessageSize) {
      return false;
    }
    close(CloseCodes.TOO_BIG, "frame " + n + " has " + size + " bytes; the limit is maxMessageSize=" + maxMessageSize);
    return true;
  }

  private void accept(RequestProto proto, boolean binary, long size) {
    Request request;
    try {
      request = ProtoCodec.decodeRequest(proto, limits);
    } catch (FlowException e) {
      int code = e.code() == dev.jflow.api.Status.Code.RESOURCE_EXHAUSTED ? CloseCodes.TOO_BIG : CloseCodes.BAD_PAYLOAD;
      close(code, "request '" + proto.getRequestId() + "': " + e.status().description());
      return;
    }
    String closeLater = null;
    synchronized (this) {
      if (closed) {
        return;
      }
      if (inputDone) {
        closeLater = "request '" + request.id() + "' came after the end-of-input marker 0x00";
      } else if (!binary) {
        textRequests.add(request);
      }
    }
    if (closeLater != null) {
      close(CloseCodes.PROTOCOL_ERROR, closeLater);
      return;
    }
    call.offer(request, size);
  }

  /**
   * Closes the socket with {@code code} and {@code reason} (a problem this adapter found) and abandons
   * its requests.
   */
  void close(int code, String reason) {
    if (closeSession(code, reason)) {
      call.cancel("closed with " + code + ": " + reason);
    }
  }

  /** The client went away (closed, cancelled or lost): stop the socket's work. */
  void abandon(String why) {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    call.cancel(why);
    open.remove(this);
  }

  /** Closes the session once; false when it was closed already. */
  private boolean closeSession(int code, String reason) {
    synchronized (this) {
      if (closed) {
        return false;
      }
      closed = true;
      textRequests.clear();
    }
    if (code != CloseCodes.NORMAL) {
      LOG.debug("closing socket {} with {}: {}", session.getId(), code, reason);
    }
    try {
      session.close(CloseCodes.reason(code, reason));
    } catch (IOException | RuntimeException e) {
      LOG.debug("closing socket {} failed", session.getId(), e);
    }
    open.remove(this);
    return true;
  }

  /**
   * Closes with {@code code} once the client has sent its end of input, or after {@value #CLOSE_LINGER_MS}
   * ms. A call the admission failed while the client was still sending (refused when the socket opened,
   * or a request it may not send) would otherwise be closed with the client's frames unread, and the
   * TCP reset that follows can reach the client before the close frame that says why.
   */
  private void closeWhenInputEnds(int code, String reason) {
    synchronized (this) {
      if (closed) {
        return;
      }
      if (!inputDone) {
        closeAfterInput = code;
        closeAfterInputReason = reason;
      }
    }
    if (failedCallWaits()) {
      java.util.concurrent.ScheduledFuture<?> timer = Timers.schedule(this::closeFailedCall, CLOSE_LINGER_MS);
      synchronized (this) {
        linger = timer;
      }
    } else {
      closeSession(code, reason);
    }
  }

  static final long CLOSE_LINGER_MS = 1_000;

  private synchronized boolean failedCallWaits() {
    return closeAfterInput != 0 && !closed;
  }

  /** Closes a failed call that waited for the client's end of input, if there is one. */
  private void closeFailedCall() {
    int code;
    String reason;
    synchronized (this) {
      code = closeAfterInput;
      reason = closeAfterInputReason;
      closeAfterInput = 0;
      if (linger != null) {
        linger.cancel(false);
      }
    }
    if (code != 0) {
      closeSession(code, reason);
    }
  }

  private void writeFailed() {
    abandon("writing a response failed");
  }

  /** Writes responses through the outbox; ends the socket as the admission says. */
  private final class Sink implements CallSink {
    @Override
    public void send(Request request, Response response) {
      boolean text;
      synchronized (StreamSession.this) {
        if (closed) {
          return;
        }
        text = textRequests.remove(request);
      }
      RequestProto proto = ProtoCodec.encode(response);
      byte[] binary = text ? null : proto.toByteArray();
      String json = text ? ProtoJson.print(proto) : null;
      long size = text ? Utf8.length(json) : binary.length;
      if (!outbox.fits(size)) {
        close(CloseCodes.POLICY, "the client is not reading: " + outbox.queued() + " response bytes wait to be sent; "
            + "the limit is websocket.max_queued_bytes=" + outbox.limit());
        return;
      }
      try {
        if (text) {
          outbox.send(json, size, StreamSession.this::writeFailed);
        } else {
          outbox.send(binary, StreamSession.this::writeFailed);
        }
        metrics.sent(size);
      } catch (RuntimeException e) {
        // Tyrus throws "Socket is not connected" when the socket closed after the check above
        abandon("writing a response failed: " + e.getMessage());
      }
    }

    @Override
    public void complete() {
      closeSession(CloseCodes.NORMAL, "all requests answered");
    }

    @Override
    public void fail(FlowException error) {
      closeWhenInputEnds(CloseCodes.forStatus(error.code()), error.status().description());
    }
  }
}
