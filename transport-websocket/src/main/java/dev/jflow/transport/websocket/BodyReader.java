package dev.jflow.transport.websocket;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Timers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.glassfish.grizzly.ReadHandler;
import org.glassfish.grizzly.http.io.NIOInputStream;
import org.glassfish.grizzly.http.server.Request;

/**
 * Reads one request body without holding a thread while its bytes are on the way: Grizzly calls back
 * as they arrive. The buffer grows with the bytes received, never with the length a client declares.
 * The body fails with RESOURCE_EXHAUSTED past {@code maxBytes}, and with {@link TimedOut} if it has not
 * arrived in full within the timeout. Call {@link #read} on a suspended response.
 *
 * <p>A body refused as too large is still read to its end, and thrown away, for at most
 * {@link #LINGER} and {@link #LINGER_BYTES}: closing a connection with unread bytes makes TCP reset
 * it, and a client still sending would lose the 413 that explains why. {@link #rest()} completes
 * when nothing more will be read, so the connection can be closed.
 */
final class BodyReader implements ReadHandler {
  private static final int FIRST_BUFFER = 8192;
  /** How long a refused body is still read and thrown away before the connection is closed. */
  static final Duration LINGER = Duration.ofSeconds(2);
  /** How many bytes of a refused body are read and thrown away at most. */
  static final long LINGER_BYTES = 16L << 20;

  private final NIOInputStream in;
  private final long maxBytes;
  private final CompletableFuture<String> result = new CompletableFuture<>();
  private final CompletableFuture<Void> rest = new CompletableFuture<>();
  private final byte[] chunk = new byte[FIRST_BUFFER];
  private ByteArrayOutputStream body; // null once the body is refused: the rest is thrown away
  private long received;
  private long discarded;
  private volatile ScheduledFuture<?> timer;

  /** The body does not arrive in full within the timeout. */
  static final class TimedOut extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TimedOut(String message) {
      super(message, null, false, false);
    }
  }

  private BodyReader(NIOInputStream in, long maxBytes, long declared) {
    this.in = in;
    this.maxBytes = maxBytes;
    this.body = new ByteArrayOutputStream((int) Math.min(FIRST_BUFFER, Math.max(declared, 64)));
    result.whenComplete((text, error) -> {
      if (error instanceof CancellationException) {
        stop(); // the client is gone
      }
    });
    rest.whenComplete((v, e) -> cancelTimer()); // however the reading stopped, its timer has nothing left to do
  }

  /** Starts reading the body of {@code req}; {@link #body()} is its UTF-8 text once it has arrived. */
  static BodyReader read(Request req, long maxBytes, Duration timeout) {
    long declared = req.getContentLengthLong();
    BodyReader r = new BodyReader(req.getNIOInputStream(), maxBytes, declared);
    if (declared > maxBytes) {
      r.refuse(tooBig(declared, maxBytes));
      if (declared - maxBytes > LINGER_BYTES) {
        r.rest.complete(null); // too much to throw away: the connection is closed at once
        return r;
      }
    } else {
      r.timer = Timers.schedule(() -> r.fail(new TimedOut("the request body did not arrive within websocket.body_read_timeout="
          + timeout.toMillis() + " ms (" + r.received + " bytes came" + (declared > 0 ? " of " + declared : "")
          + "); send the whole body at once")), timeout.toMillis());
    }
    r.in.notifyAvailable(r);
    return r;
  }

  /**
   * Throws away the body of {@code req}, refused before a byte was read, as a body too large is: for at
   * most {@link #LINGER} and {@link #LINGER_BYTES}; {@link #rest()} says when the connection may close.
   */
  static BodyReader discard(Request req) {
    BodyReader r = new BodyReader(req.getNIOInputStream(), 0, 0);
    r.refuse(new FlowException(Status.Code.CANCELLED, "the body was refused unread"));
    if (req.getContentLengthLong() > LINGER_BYTES) {
      r.rest.complete(null); // too much to throw away: the connection is closed at once
      return r;
    }
    r.in.notifyAvailable(r);
    return r;
  }

  /** The body as UTF-8 text, once it has arrived in full; cancelling it stops the reading. */
  CompletableFuture<String> body() {
    return result;
  }

  /** Completes when nothing more of the body will be read: it has been read, or the reading stopped. */
  CompletableFuture<Void> rest() {
    return rest;
  }

  static FlowException tooBig(long size, long max) {
    return new FlowException(Status.Code.RESOURCE_EXHAUSTED, "the body has " + (size > max ? "more than " : "")
        + max + " bytes, the gateway's maxMessageSize; send fewer documents per call");
  }

  @Override
  public void onDataAvailable() throws IOException {
    if (drain()) {
      in.notifyAvailable(this);
    }
  }

  @Override
  public void onAllDataRead() throws IOException {
    if (drain()) {
      cancelTimer();
      if (body != null) {
        result.complete(body.toString(StandardCharsets.UTF_8));
      }
      rest.complete(null);
    }
  }

  @Override
  public void onError(Throwable t) {
    fail(t);
  }

  /** Copies (or throws away) what has arrived; false once nothing more will be read. */
  private boolean drain() throws IOException {
    while (!rest.isDone() && in.isReady()) {
      int n = in.read(chunk, 0, Math.min(chunk.length, Math.max(1, in.readyData())));
      if (n <= 0) {
        break;
      }
      received += n;
      if (body != null && received > maxBytes) {
        refuse(tooBig(received, maxBytes));
      }
      if (body == null) {
        discarded += n;
        if (discarded > LINGER_BYTES) {
          rest.complete(null);
        }
      } else {
        body.write(chunk, 0, n);
      }
    }
    return !rest.isDone();
  }

  /** Answers the body as refused at once, and throws away the rest of it for at most {@link #LINGER}. */
  private void refuse(FlowException why) {
    body = null;
    cancelTimer();
    timer = Timers.schedule(() -> rest.complete(null), LINGER.toMillis());
    result.completeExceptionally(why);
  }

  private void fail(Throwable t) {
    result.completeExceptionally(t);
    stop();
  }

  private void stop() {
    cancelTimer();
    rest.complete(null);
  }

  private void cancelTimer() {
    ScheduledFuture<?> t = timer;
    if (t != null) {
      t.cancel(false);
    }
  }
}
