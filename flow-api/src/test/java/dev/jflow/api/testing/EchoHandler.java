package dev.jflow.api.testing;

import dev.jflow.api.Request;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.spi.RequestHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** A Flow for gateway tests that answers every request at once with SUCCESS and its own documents. */
public final class EchoHandler implements RequestHandler {
  /** How many requests it was given. */
  public final AtomicInteger received = new AtomicInteger();
  /** What {@link #isReady()} says; true unless the test sets it. */
  public final AtomicBoolean ready = new AtomicBoolean(true);

  @Override
  public CompletableFuture<Response> handle(Request request, Duration timeout) {
    received.incrementAndGet();
    return CompletableFuture.completedFuture(Response.of(request, Status.SUCCESS, List.of()));
  }

  @Override
  public boolean isReady() {
    return ready.get();
  }
}
