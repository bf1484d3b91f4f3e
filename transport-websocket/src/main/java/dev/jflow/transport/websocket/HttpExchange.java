package dev.jflow.transport.websocket;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Futures;
import dev.jflow.api.spi.GatewayMetrics;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.http.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP call's answer, written exactly once, from whichever thread finishes the work. Every failure,
 * an {@link Error} included, is answered with a JSON error: a Throwable that is not a
 * {@link FlowException} is a 500 INTERNAL and is logged. A response that cannot be written at all is
 * cut (connection closed) rather than left for Grizzly to finish as an empty 200. The body of the
 * answer is reported to the gateway's meters as sent only once the exchange is {@linkplain #metered
 * metered}: the answers of Jina's API calls are, the docs, {@code /metrics}, preflights and the 404s
 * and 405s of no call are not.
 */
final class HttpExchange {
  private static final Logger LOG = LoggerFactory.getLogger(HttpExchange.class);

  /** Writes an answer and returns the bytes of its body; may throw anything. */
  interface Answer {
    long write(Response response) throws Exception;
  }

  /** Work run on behalf of the exchange; may throw anything. */
  interface Work {
    void run() throws Exception;
  }

  private final org.glassfish.grizzly.http.server.Request request;
  private final Response response;
  private final Connection<?> connection;
  private final AtomicBoolean answered = new AtomicBoolean();
  private volatile GatewayMetrics metrics = GatewayMetrics.none();
  private volatile boolean suspended;
  private volatile boolean closeAfter;
  private volatile Runnable onGone = () -> {};
  private volatile CompletableFuture<Void> unread = CompletableFuture.completedFuture(null);

  HttpExchange(org.glassfish.grizzly.http.server.Request request, Response response) {
    this.request = request;
    this.response = response;
    this.connection = request.getContext().getConnection(); // the request is recycled once answered
  }

  /** Keeps the response open after {@code service} returns; {@code onGone} runs if the client disconnects first. */
  void suspend() {
    suspended = true;
    response.suspend(0, TimeUnit.MILLISECONDS, new EmptyCompletionHandler<>() {
      @Override
      public void cancelled() {
        onGone.run();
      }
    });
  }

  /** What to stop when the client goes away (a running call). */
  void onGone(Runnable action) {
    onGone = action;
  }

  /**
   * Holds the connection open after the answer until {@code rest} completes: until the request body
   * still arriving has been read (see {@link BodyReader#rest()}).
   */
  void closeAfterReading(CompletableFuture<Void> rest) {
    unread = rest;
  }

  /** Reports the body of this exchange's answer to {@code metrics}: it answers a call of Jina's API. */
  void metered(GatewayMetrics metrics) {
    this.metrics = metrics;
  }

  /** The connection the call came on. */
  Connection<?> connection() {
    return connection;
  }

  /** Whether the answer has been written. */
  boolean answered() {
    return answered.get();
  }

  /** Runs {@code work}; anything it throws is answered as {@link #fail}. */
  void guard(Work work) {
    try {
      work.run();
    } catch (Throwable t) {
      fail(t);
    }
  }

  /** Writes {@code answer} unless an answer was written already; if writing fails, answers 500 instead. */
  void answer(Answer answer) {
    if (!answered.compareAndSet(false, true)) {
      return;
    }
    try {
      metrics.sent(answer.write(response));
    } catch (IOException gone) {
      LOG.debug("cannot write the answer to {}; the client is gone", describe(), gone);
    } catch (Throwable t) {
      LOG.error("cannot write the answer to {}", describe(), t);
      internal("cannot write the answer: " + t);
    } finally {
      finish();
    }
  }

  /**
   * Answers the failure of requests the Flow was running: work refused because a byte budget or a pod
   * queue is full (RESOURCE_EXHAUSTED) is 429 and a draining or unreachable Flow (UNAVAILABLE) is 503,
   * both with {@code Retry-After}; anything else as {@link #fail(Throwable)}.
   */
  void failRun(Throwable t) {
    Throwable c = Futures.unwrap(t);
    if (c instanceof FlowException) {
      FlowException e = (FlowException) c;
      if (e.code() == Status.Code.RESOURCE_EXHAUSTED || e.code() == Status.Code.UNAVAILABLE) {
        int status = e.code() == Status.Code.RESOURCE_EXHAUSTED ? 429 : 503;
        answer(r -> {
          r.setHeader("Retry-After", RETRY_AFTER_SECONDS);
          return HttpReplies.error(r, status, e.code().name(), e.status().description());
        });
        return;
      }
    }
    fail(t);
  }

  /** What {@code Retry-After} tells a client whose work was shed. */
  static final String RETRY_AFTER_SECONDS = "1";

  /** Answers the failure {@code t}: its status for a FlowException, else 500 INTERNAL, logged. */
  void fail(Throwable t) {
    Throwable c = Futures.unwrap(t);
    if (c instanceof BodyReader.TimedOut) {
      close();
      answer(r -> HttpReplies.error(r, 408, "REQUEST_TIMEOUT", c.getMessage()));
    } else if (c instanceof FlowException || c instanceof CancellationException) {
      FlowException e = Futures.toFlowException(c);
      if (e.code() == Status.Code.RESOURCE_EXHAUSTED) {
        close(); // the rest of the body is thrown away (BodyReader lingers), then the connection closes
      }
      answer(r -> HttpReplies.error(r, e));
    } else {
      LOG.error("the gateway failed while serving {}", describe(), c);
      answer(r -> HttpReplies.error(r, 500, "INTERNAL", "the gateway failed: " + c));
    }
  }

  /**
   * Closes the connection after this answer (with {@code Connection: close}): when its request body was
   * not read to the end Grizzly would otherwise keep the connection to skip the rest of a body that may
   * never come, and a connection whose body was read without blocking is not safe to reuse.
   */
  void close() {
    response.setHeader("Connection", "close");
    closeAfter = true;
  }

  /** A last resort after a failed write: a bare 500 if nothing was sent yet, else the connection is cut. */
  private void internal(String description) {
    try {
      if (!response.isCommitted()) {
        HttpReplies.error(response, 500, "INTERNAL", description);
        return;
      }
    } catch (Throwable again) {
      LOG.debug("cannot write a 500 either", again);
    }
    try {
      if (!response.isCommitted()) {
        response.setStatus(500);
        response.setContentLength(0);
      } else {
        connection.closeSilently();
      }
    } catch (Throwable ignored) {
      // nothing more can be done for this client
    }
  }

  private void finish() {
    unread.whenComplete((ignored, error) -> {
      try {
        if (suspended) {
          response.resume();
        }
        if (closeAfter) {
          connection.closeSilently(); // graceful: the answer already queued is written first
        }
      } catch (Throwable t) {
        LOG.debug("cannot finish the answer to {}", describe(), t);
      }
    });
  }

  private String describe() {
    try {
      return request.getMethod().getMethodString() + " " + request.getRequestURI();
    } catch (Throwable t) {
      return "an HTTP call";
    }
  }
}
