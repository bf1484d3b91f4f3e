package dev.jflow.api.testing;

import dev.jflow.api.FlowException;
import dev.jflow.api.Response;
import dev.jflow.api.spi.ResponseObserver;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Records what a client transport call reports. */
public final class CollectingObserver implements ResponseObserver {
  /** Responses received so far, in arrival order. */
  public final Queue<Response> responses = new ConcurrentLinkedQueue<>();
  /** Completes with null on onCompleted, exceptionally on onError. */
  public final CompletableFuture<Void> done = new CompletableFuture<>();

  @Override
  public void onNext(Response response) {
    responses.add(response);
  }

  @Override
  public void onError(Throwable error) {
    done.completeExceptionally(error);
  }

  @Override
  public void onCompleted() {
    done.complete(null);
  }

  /** Waits up to 10 s for the call to fail and returns why; the test fails if it does not. */
  public FlowException failure() {
    return Await.failure(done, Duration.ofSeconds(10));
  }
}
