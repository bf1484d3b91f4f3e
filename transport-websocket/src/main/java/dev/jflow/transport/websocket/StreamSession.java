package dev.jflow.transport.websocket;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.Response;
import dev.jflow.api.internal.Futures;
import dev.jflow.api.spi.RequestHandler;
import dev.jflow.proto.ProtoCodec;
import dev.jflow.proto.ProtoJson;
import dev.jflow.proto.jina.RequestProto;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One client socket on {@code /stream}. At most {@code prefetch} of its requests run at once; the rest
 * wait in a backlog bounded in bytes. Responses go back as they complete (binary for binary requests,
 * JSON for text ones), each with its request's id. The end marker (a binary frame holding the single
 * byte 0x00) closes the socket normally once every request is answered. Bad input, a Flow failure or
 * a client that stops reading closes this socket only, with a close code and a reason saying why.
 */
final class StreamSession {
  private static final System.Logger LOG = System.getLogger(StreamSession.class.getName());
  private static final long DEADLINE_MARGIN_MS = 50;
  /** The payload prefix of the pong that carries a client's deadline. */
  static final String DEADLINE_PONG = "timeout_ms=";

  private final Session session;
  private final RequestHandler handler;
  private final int prefetch;
  private final int maxMessageSize;
  private final long maxBacklogBytes;
  private volatile long deadlineNanos;
  private final Outbox outbox;
  private final Consumer<StreamSession> onEnd;

  // guarded by this
  private final Queue<Inbound> backlog = new ArrayDeque<>();
  private final Queue<Inbound> toStart = new ArrayDeque<>();
  private final Set<CompletableFuture<Response>> running = new HashSet<>();
  private long backlogBytes;
  private long frames;
  private int active;
  private boolean inputDone;
  private boolean closed;
  private boolean starting;

  /**
   * @param timeout the client's deadline for the whole socket ({@code ?timeout_ms=}), or null; a
   *     deadline pong replaces it
   * @param onEnd called once when the socket ends, however it ends
   */
  StreamSession(Session session, RequestHandler handler, int prefetch, int maxMessageSize, WebSocketSettings settings,
      Duration timeout, Consumer<StreamSession> onEnd) {
    this.session = session;
    this.handler = handler;
    this.prefetch = prefetch;
    this.maxMessageSize = maxMessageSize;
    this.maxBacklogBytes = settings.maxBacklogBytes();
    this.deadlineNanos = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    this.outbox = new Outbox(session.getAsyncRemote(), settings.maxQueuedBytes());
    this.onEnd = onEnd;
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
        long ms = Long.parseLong(text.substring(DEADLINE_PONG.length()));
        deadlineNanos = System.nanoTime() + Math.max(0, ms) * 1_000_000;
      } catch (NumberFormatException e) {
        close(1003, "the deadline pong must be " + DEADLINE_PONG + "<milliseconds>, got '" + CloseCodes.truncate(text) + "'");
      }
    }
  }

  /** A binary frame: the end marker or a serialized RequestProto. */
  void onBinary(ByteBuffer frame) {
    long n = nextFrame();
    int size = frame.remaining();
    if (size == 1 && frame.get(frame.position()) == 0) {
      endOfInput();
      return;
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
      request = ProtoCodec.decodeRequest(proto);
    } catch (FlowException e) {
      close(CloseCodes.BAD_PAYLOAD, "request '" + proto.getRequestId() + "': " + e.status().description());
      return;
    }
    Inbound in = new Inbound(request, binary, size);
    String problem = null;
    int code = CloseCodes.PROTOCOL_ERROR;
    synchronized (this) {
      if (closed) {
        return;
      }
      if (inputDone) {
        problem = "request '" + request.id() + "' came after the end-of-input marker 0x00";
      } else if (active < prefetch) {
        active++;
      } else if (backlogBytes + size > maxBacklogBytes && !backlog.isEmpty()) {
        code = CloseCodes.POLICY;
        problem = (backlogBytes + size) + " bytes of requests wait beyond prefetch=" + prefetch + "; the limit is "
            + "maxBacklogBytes=" + maxBacklogBytes + " (send fewer at once)";
      } else {
        backlog.add(in);
        backlogBytes += size;
        return;
      }
    }
    if (problem != null) {
      close(code, problem);
      return;
    }
    start(in);
  }

  /**
   * Runs {@code in}, then whatever requests get a slot meanwhile. A loop, not recursion: a handler that
   * answers at once would otherwise start the whole backlog on one ever deeper stack.
   */
  private void start(Inbound in) {
    synchronized (this) {
      if (starting) {
        toStart.add(in);
        return;
      }
      starting = true;
    }
    Inbound next = in;
    while (next != null) {
      run(next);
      synchronized (this) {
        next = toStart.poll();
        if (next == null) {
          starting = false;
        }
      }
    }
  }

  private void run(Inbound in) {
    CompletableFuture<Response> f;
    try {
      f = handler.handle(in.request(), timeLeft());
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    synchronized (this) {
      if (closed) {
        f.cancel(false);
        return;
      }
      running.add(f);
    }
    CompletableFuture<Response> started = f;
    f.whenComplete((response, error) -> completed(started, in, response, error));
  }

  /**
   * The time a request may take: the client's deadline less a margin, so that the Flow's own
   * DEADLINE_EXCEEDED, which names the slow pod, reaches the client before its own timer fires.
   */
  private Duration timeLeft() {
    if (deadlineNanos == Long.MAX_VALUE) {
      return null;
    }
    long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
    return Duration.ofMillis(Math.max(0, left - Math.min(DEADLINE_MARGIN_MS, left / 10)));
  }

  private void completed(CompletableFuture<Response> f, Inbound in, Response response, Throwable error) {
    if (error != null) {
      FlowException e = Futures.toFlowException(error);
      close(CloseCodes.forStatus(e.code()), e.status().description());
      return;
    }
    byte[] binary = null;
    String json = null;
    long size;
    try {
      RequestProto proto = ProtoCodec.encode(response);
      if (in.binary()) {
        binary = proto.toByteArray();
        size = binary.length;
      } else {
        json = ProtoJson.print(proto);
        size = Utf8.length(json);
      }
    } catch (RuntimeException e) {
      close(CloseCodes.INTERNAL, "cannot encode the response to '" + response.requestId() + "': " + e);
      return;
    }
    Inbound next = null;
    boolean done = false;
    long stuck = -1;
    synchronized (this) {
      if (closed) {
        return;
      }
      running.remove(f);
      if (!outbox.fits(size)) {
        stuck = outbox.queued();
      } else {
        // sent under the lock, so the normal close below can never overtake a response
        if (binary != null) {
          outbox.send(binary, this::writeFailed);
        } else {
          outbox.send(json, size, this::writeFailed);
        }
        next = backlog.poll();
        if (next != null) {
          backlogBytes -= next.size();
        } else {
          active--;
        }
        done = inputDone && active == 0;
      }
    }
    if (stuck >= 0) {
      close(CloseCodes.POLICY, "the client is not reading: " + stuck + " response bytes wait to be sent; the limit is "
          + "maxQueuedBytes=" + outbox.limit());
    } else if (next != null) {
      start(next);
    } else if (done) {
      close(CloseCodes.NORMAL, "all requests answered");
    }
  }

  private void writeFailed() {
    abandon("writing a response failed");
  }

  private void endOfInput() {
    boolean done;
    synchronized (this) {
      if (closed || inputDone) {
        return;
      }
      inputDone = true;
      done = active == 0;
    }
    if (done) {
      close(CloseCodes.NORMAL, "all requests answered");
    }
  }

  /** Closes the socket with {@code code} and {@code reason} and abandons its requests. */
  void close(int code, String reason) {
    Set<CompletableFuture<Response>> abandoned;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      abandoned = takeRunning();
      if (code != CloseCodes.NORMAL) {
        LOG.log(System.Logger.Level.DEBUG, "closing socket {0} with {1}: {2}", session.getId(), code, reason);
      }
      try {
        session.close(CloseCodes.reason(code, reason));
      } catch (IOException | RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing socket " + session.getId() + " failed", e);
      }
    }
    abandoned.forEach(f -> f.cancel(false));
    onEnd.accept(this);
  }

  /** The client went away (closed, cancelled or lost): stop the socket's work. */
  void abandon(String why) {
    Set<CompletableFuture<Response>> abandoned;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      abandoned = takeRunning();
    }
    if (!abandoned.isEmpty()) {
      LOG.log(System.Logger.Level.DEBUG, "socket {0} ended ({1}); abandoning {2} requests", session.getId(), why, abandoned.size());
    }
    abandoned.forEach(f -> f.cancel(false));
    onEnd.accept(this);
  }

  private Set<CompletableFuture<Response>> takeRunning() {
    Set<CompletableFuture<Response>> all = new HashSet<>(running);
    running.clear();
    backlog.clear();
    toStart.clear();
    backlogBytes = 0;
    return all;
  }
}
