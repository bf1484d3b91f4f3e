package dev.jflow.core.internal;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.spi.ExecutorContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Replicas of one executor: each instance serves one request at a time, and a request goes to an
 * idle replica at once, waiting in one shared queue only while every replica is busy. Asynchronous
 * executors hold their replica until their stage completes; no thread waits meanwhile.
 */
final class ReplicaGroup {
  /** Which replica served a request. */
  record Served(String label) {}

  private final String pod;
  private final String label;
  private final int shard;
  private final java.util.concurrent.Executor pool;
  private final List<Replica> replicas = new ArrayList<>();
  private final ArrayDeque<Replica> idle = new ArrayDeque<>();
  private final Queue<Task> queue = new ArrayDeque<>();
  private int busy;
  private boolean closing;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();

  private static final class Replica {
    final int index;
    final String label;
    Executor executor;

    Replica(int index, String label) {
      this.index = index;
      this.label = label;
    }
  }

  private static final class Task {
    final Function<Executor, CompletionStage<?>> work;
    final BooleanSupplier abandoned;
    final CompletableFuture<Served> result = new CompletableFuture<>();

    Task(Function<Executor, CompletionStage<?>> work, BooleanSupplier abandoned) {
      this.work = work;
      this.abandoned = abandoned;
    }
  }

  /**
   * @param label the group's name in routes, e.g. {@code shard-1}, or "" for a pod's only group
   * @param shard the shard index handed to executors (-1 for heads and tails)
   */
  ReplicaGroup(String pod, String label, int shard, int replicas, java.util.concurrent.Executor pool) {
    this.pod = pod;
    this.label = label;
    this.shard = shard;
    this.pool = pool;
    for (int i = 0; i < replicas; i++) {
      String name = replicas == 1 ? label : (label.isEmpty() ? "" : label + "/") + "replica-" + i;
      this.replicas.add(new Replica(i, name));
    }
  }

  /** Creates and opens every replica's executor, in parallel. */
  CompletableFuture<Void> open(Supplier<? extends Executor> factory, dev.jflow.api.JsonMap with) {
    List<CompletableFuture<Void>> opening = new ArrayList<>();
    for (Replica r : replicas) {
      opening.add(CompletableFuture.runAsync(() -> {
        Executor e = factory.get();
        if (e == null) {
          throw new FlowException(Status.Code.FAILED_PRECONDITION, "the executor factory of pod '" + pod + "' returned null");
        }
        synchronized (this) {
          r.executor = e;
        }
        try {
          e.open(new ExecutorContext(pod, shard, r.index, with));
        } catch (Exception ex) {
          throw new FlowException(Status.Code.FAILED_PRECONDITION, "pod '" + pod + "' failed to open: " + ex, ex);
        }
        synchronized (this) {
          idle.add(r);
        }
      }, pool));
    }
    return CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new));
  }

  /** The executor of the first replica (to ask, e.g., whether it is a reducer), or null before open. */
  synchronized Executor first() {
    return replicas.get(0).executor;
  }

  /** Requests waiting or running here, for load balancing. */
  synchronized int load() {
    return queue.size() + busy;
  }

  /**
   * Runs {@code work} on an idle replica's executor; completes with the replica that served it. Work
   * whose caller gave up ({@code abandoned}) while it waited is skipped.
   */
  CompletableFuture<Served> submit(Function<Executor, CompletionStage<?>> work, BooleanSupplier abandoned) {
    Task task = new Task(work, abandoned);
    synchronized (this) {
      if (closing) {
        task.result.completeExceptionally(new FlowException(Status.Code.UNAVAILABLE, "pod '" + pod + "' is closing"));
        return task.result;
      }
      queue.add(task);
    }
    dispatch();
    return task.result;
  }

  private void dispatch() {
    while (true) {
      Replica r;
      Task t;
      synchronized (this) {
        if (queue.isEmpty() || idle.isEmpty()) {
          return;
        }
        r = idle.poll();
        t = queue.poll();
        busy++;
      }
      try {
        pool.execute(() -> run(r, t));
      } catch (RejectedExecutionException e) {
        t.result.completeExceptionally(new FlowException(Status.Code.UNAVAILABLE, "pod '" + pod + "' is closed", e));
        release(r);
      }
    }
  }

  private void run(Replica r, Task t) {
    if (t.abandoned.getAsBoolean()) {
      t.result.complete(new Served(r.label));
      release(r);
      return;
    }
    CompletionStage<?> stage;
    try {
      stage = t.work.apply(r.executor);
      if (stage == null) {
        throw new NullPointerException("executor of pod '" + pod + "' returned a null stage");
      }
    } catch (Throwable e) {
      stage = CompletableFuture.failedFuture(e);
    }
    stage.whenComplete((v, e) -> {
      release(r);
      if (e != null) {
        t.result.completeExceptionally(e);
      } else {
        t.result.complete(new Served(r.label));
      }
    });
  }

  private void release(Replica r) {
    synchronized (this) {
      busy--;
      idle.add(r);
    }
    dispatch();
    finishClose();
  }

  /**
   * Closes every executor that was created (opened or not) once the work already queued is done;
   * later submissions fail with UNAVAILABLE. Never fails; calling it again returns the same future.
   */
  CompletableFuture<Void> close() {
    synchronized (this) {
      closing = true;
    }
    finishClose();
    return closed;
  }

  private void finishClose() {
    List<Executor> executors = new ArrayList<>();
    synchronized (this) {
      if (!closing || closed.isDone() || busy > 0 || !queue.isEmpty()) {
        return;
      }
      for (Replica r : replicas) {
        if (r.executor != null) {
          executors.add(r.executor);
          r.executor = null;
        }
      }
    }
    executors.forEach(this::closeQuietly);
    closed.complete(null);
  }

  private void closeQuietly(Executor e) {
    try {
      e.close();
    } catch (Exception ex) {
      org.slf4j.LoggerFactory.getLogger(ReplicaGroup.class).warn("closing an executor of pod '{}' failed", pod, ex);
    }
  }
}
