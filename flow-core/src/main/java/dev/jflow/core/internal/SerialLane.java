package dev.jflow.core.internal;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Runs work one item at a time, in arrival order, on a shared pool: the next item starts only when the
 * previous one's stage completes, so asynchronous work also holds the lane. No thread waits while the
 * lane is idle or while asynchronous work is pending.
 */
final class SerialLane {
  private final Executor pool;
  private final String name;
  private final Queue<Task<?>> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean busy = new AtomicBoolean();

  SerialLane(String name, Executor pool) {
    this.name = name;
    this.pool = pool;
  }

  /** Queues {@code work}; the future completes as the stage it returns does. */
  <T> CompletableFuture<T> submit(Supplier<? extends CompletionStage<T>> work) {
    Task<T> task = new Task<>(work);
    queue.add(task);
    next();
    return task.result;
  }

  /** How many items wait behind the running one. */
  int queued() {
    return queue.size();
  }

  private void next() {
    while (!queue.isEmpty() && busy.compareAndSet(false, true)) {
      Task<?> task = queue.poll();
      if (task == null) {
        busy.set(false);
        continue;
      }
      try {
        pool.execute(() -> run(task));
      } catch (RejectedExecutionException e) {
        task.result.completeExceptionally(new FlowException(Status.Code.UNAVAILABLE, "lane " + name + " is closed", e));
        busy.set(false);
      }
      return;
    }
  }

  private <T> void run(Task<T> task) {
    CompletionStage<T> stage;
    try {
      stage = task.work.get();
    } catch (Throwable t) {
      stage = CompletableFuture.failedFuture(t);
    }
    if (stage == null) {
      stage = CompletableFuture.failedFuture(new NullPointerException("executor returned a null stage"));
    }
    stage.whenComplete((v, e) -> {
      busy.set(false);
      if (e != null) {
        task.result.completeExceptionally(e);
      } else {
        task.result.complete(v);
      }
      next();
    });
  }

  private static final class Task<T> {
    final Supplier<? extends CompletionStage<T>> work;
    final CompletableFuture<T> result = new CompletableFuture<>();

    Task(Supplier<? extends CompletionStage<T>> work) {
      this.work = work;
    }
  }
}
