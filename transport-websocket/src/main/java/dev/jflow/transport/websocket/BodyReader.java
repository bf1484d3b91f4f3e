package dev.jflow.transport.websocket;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Timers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.glassfish.grizzly.ReadHandler;
import org.glassfish.grizzly.http.io.NIOInputStream;
import org.glassfish.grizzly.http.server.Request;

/**
 * Reads one request body without holding a thread while its bytes are on the way: Grizzly calls back
 * as they arrive. The buffer grows with the bytes received, never with the length a client declares.
 * The body fails with RESOURCE_EXHAUSTED past {@code maxBytes}, and with {@link TimedOut} if it has not
 * arrived in full within the timeout. Call {@link #read} on a suspended response.
 */
final class BodyReader implements ReadHandler {
  private static final int FIRST_BUFFER = 8192;

  private final NIOInputStream in;
  private final long maxBytes;
  private final ByteArrayOutputStream body;
  private final CompletableFuture<String> result = new CompletableFuture<>();
  private final AtomicBoolean done = new AtomicBoolean();
  private final byte[] chunk = new byte[FIRST_BUFFER];
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
  }

  /** The body of {@code req} as UTF-8 text, once it has arrived. */
  static CompletableFuture<String> read(Request req, long maxBytes, Duration timeout) {
    long declared = req.getContentLengthLong();
    if (declared > maxBytes) {
      return CompletableFuture.failedFuture(tooBig(declared, maxBytes));
    }
    BodyReader r = new BodyReader(req.getNIOInputStream(), maxBytes, declared);
    r.timer = Timers.schedule(() -> r.fail(new TimedOut("the request body did not arrive within bodyReadTimeout="
        + timeout.toMillis() + " ms (" + r.body.size() + " bytes came" + (declared > 0 ? " of " + declared : "")
        + "); send the whole body at once")), timeout.toMillis());
    r.in.notifyAvailable(r);
    return r.result;
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
    if (drain() && done.compareAndSet(false, true)) {
      cancelTimer();
      result.complete(body.toString(StandardCharsets.UTF_8));
    }
  }

  @Override
  public void onError(Throwable t) {
    fail(t);
  }

  /** Copies what has arrived; false once the body has failed. */
  private boolean drain() throws IOException {
    while (!done.get() && in.isReady()) {
      int n = in.read(chunk, 0, Math.min(chunk.length, Math.max(1, in.readyData())));
      if (n <= 0) {
        break;
      }
      if (body.size() + n > maxBytes) {
        fail(tooBig(body.size() + (long) n, maxBytes));
        return false;
      }
      body.write(chunk, 0, n);
    }
    return !done.get();
  }

  private void fail(Throwable t) {
    if (done.compareAndSet(false, true)) {
      cancelTimer();
      result.completeExceptionally(t);
    }
  }

  private void cancelTimer() {
    ScheduledFuture<?> t = timer;
    if (t != null) {
      t.cancel(false);
    }
  }
}
