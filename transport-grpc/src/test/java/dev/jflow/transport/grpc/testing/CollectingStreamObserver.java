package dev.jflow.transport.grpc.testing;

import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Records the responses of a gRPC call. */
public final class CollectingStreamObserver<T> implements StreamObserver<T> {
  /** Responses received so far. */
  public final List<T> items = new CopyOnWriteArrayList<>();
  /** Completes with null on onCompleted, exceptionally on onError. */
  public final CompletableFuture<Void> done = new CompletableFuture<>();

  @Override
  public void onNext(T value) {
    items.add(value);
  }

  @Override
  public void onError(Throwable t) {
    done.completeExceptionally(t);
  }

  @Override
  public void onCompleted() {
    done.complete(null);
  }

  /** Waits up to {@code within} for the call to end: its error, or null when it completed. */
  public Throwable awaitEnd(Duration within) throws InterruptedException, TimeoutException {
    try {
      done.get(within.toMillis(), TimeUnit.MILLISECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }
}
