package dev.jflow.core.internal;

import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Status;
import dev.jflow.core.internal.ReplicaGroup.Replica;
import dev.jflow.core.internal.ReplicaGroup.Served;
import dev.jflow.core.internal.ReplicaGroup.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.IntConsumer;

/**
 * One turn of a replica of a {@link ReplicaGroup} on the tasks the group handed it: the executor call (a
 * lone task as itself; under dynamic batching a batch, even of one, merged, checked and split back by
 * {@link RequestBatch}), the request's id in the MDC, the hops' spans, the meters, and the end: the
 * replica is freed before any task completes, so a caller that sends again finds it free.
 */
final class ReplicaCall {
  private final String pod;
  private final Replica r;
  private final List<Task> batch;
  private final IntConsumer free;

  /** A turn of {@code r} (of pod {@code pod}) on {@code batch}; {@code free} counts the tasks that ran and frees the replica. */
  ReplicaCall(String pod, Replica r, List<Task> batch, IntConsumer free) {
    this.pod = pod;
    this.r = r;
    this.batch = batch;
    this.free = free;
  }

  /**
   * Runs the batch on the replica's executor: one task as itself, several as one merged request
   * ({@link RequestBatch}), those whose callers gave up meanwhile left out. Under batching a request runs
   * through the same checks alone as in a batch. Each is metered as the one request it is, with its own
   * queue wait and the call's executor time; the replica is freed before any task completes. A failed
   * batch of several SEARCH requests runs each again alone (a search is safe to repeat), so one bad
   * query fails only its own caller; a failed batch of writes fails every request of it, each with an
   * exception of its own whose cause is the executor's.
   */
  void run() {
    long start = System.nanoTime();
    List<Task> live = new ArrayList<>(batch.size());
    List<Task> skipped = new ArrayList<>(0);
    for (Task t : batch) {
      (t.gaveUp(pod) ? skipped : live).add(t);
    }
    Throwable[] failures = new Throwable[live.size()];
    CompletableFuture<Void> outcome = live.isEmpty() ? CompletableFuture.completedFuture(null) : call(live).handle((v, e) -> {
      if (e == null || live.size() == 1) {
        Arrays.fill(failures, e);
        return CompletableFuture.<Void>completedFuture(null);
      }
      if (live.get(0).request.type() == RequestType.SEARCH) {
        return alone(live, e, failures);
      }
      for (int i = 0; i < failures.length; i++) {
        failures[i] = own(e);
      }
      return CompletableFuture.<Void>completedFuture(null);
    }).thenCompose(f -> f);
    outcome.whenComplete((v, e) -> {
      for (int i = 0; e != null && i < failures.length; i++) { // a bug above: no task may pass for a success
        failures[i] = failures[i] != null ? failures[i] : e;
      }
      finish(live, skipped, failures, start);
    });
  }

  /**
   * Runs each task of a failed batch again alone on the replica, one after the other, recording each outcome
   * in {@code failures}; a task whose caller gave up meanwhile keeps the batch's {@code failure}.
   */
  private CompletableFuture<Void> alone(List<Task> live, Throwable failure, Throwable[] failures) {
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (int i = 0; i < live.size(); i++) {
      int n = i;
      Task t = live.get(i);
      chain = chain.thenCompose(v -> {
        if (t.gaveUp(pod)) {
          failures[n] = own(failure);
          return CompletableFuture.completedFuture(null);
        }
        return call(List.of(t)).handle((x, e) -> {
          failures[n] = e;
          return null;
        });
      });
    }
    return chain;
  }

  /**
   * An exception of one request's own whose cause is {@code failure}, shared by a batch: no request sees
   * another's. It keeps the status (and a remote pod's mark not to retry) of a {@link FlowException}.
   */
  private static Throwable own(Throwable failure) {
    Throwable c = dev.jflow.api.internal.Futures.unwrap(failure);
    if (c instanceof FlowException) {
      Status status = ((FlowException) c).status().withCause(c);
      return c instanceof RemoteFailure ? new RemoteFailure(status) : new FlowException(status);
    }
    return new FlowException(Status.Code.ERROR, c.toString(), c);
  }

  /**
   * Calls the replica's executor once on {@code tasks} (one, or several merged); the stage completes after the
   * executor, and after the documents went back to each request (batching), never exceptionally before.
   */
  private CompletableFuture<Void> call(List<Task> tasks) {
    Task first = tasks.get(0);
    boolean batched = first.checked;
    String mdc = null;
    boolean entered = false;
    CompletionStage<?> stage;
    Request sent = null;
    List<Request> parts = null;
    int[] counts = null;
    int size = 0;
    try {
      if (batched) {
        parts = new ArrayList<>(tasks.size());
        for (Task t : tasks) {
          parts.add(t.request);
          size += RequestBatch.size(t.request);
        }
        counts = RequestBatch.counts(parts);
        sent = tasks.size() == 1 ? first.request : RequestBatch.merge(parts);
      }
      for (Task t : tasks) {
        if (t.hop != null) {
          t.hop.span.event("dequeued");
          t.hop.span.attribute("jflow.replica", r.label);
          if (batched) {
            t.hop.span.attribute("jflow.batch.requests", String.valueOf(tasks.size()));
            t.hop.span.attribute("jflow.batch.docs", String.valueOf(size));
          }
        }
      }
      if (first.hop != null) {
        mdc = RequestMdc.enter(first.hop.requestId);
        entered = true;
      }
      stage = batched ? first.call.apply(r.executor, sent) : first.work.apply(r.executor);
      if (stage == null) {
        throw new NullPointerException("executor of pod '" + pod + "' returned a null stage");
      }
    } catch (Throwable e) {
      stage = CompletableFuture.failedFuture(e);
    } finally {
      if (entered) {
        RequestMdc.exit(mdc);
      }
    }
    Request merged = sent;
    List<Request> own = parts;
    int[] before = counts;
    int docs = size;
    CompletableFuture<Void> done = new CompletableFuture<>();
    stage.whenComplete((v, e) -> {
      Throwable failure = e;
      try {
        if (!batched) {
          return;
        }
        ReplicaGroup.report(pod, () -> r.metrics.batched(tasks.size(), docs));
        if (failure == null && own.size() == 1) {
          RequestBatch.check(merged, before, 1, pod);
        } else if (failure == null) {
          RequestBatch.split(merged, own, pod);
        }
      } catch (RuntimeException x) {
        failure = x;
      } finally {
        if (failure == null) {
          done.complete(null);
        } else {
          done.completeExceptionally(failure);
        }
      }
    });
    return done;
  }

  /** Meters what ran, frees the replica, then completes every task (even when reporting or freeing fails). */
  private void finish(List<Task> live, List<Task> skipped, Throwable[] failures, long start) {
    long end = System.nanoTime();
    try {
      for (int i = 0; i < live.size(); i++) {
        Hop hop = live.get(i).hop;
        if (hop != null) {
          Status.Code code = failures[i] == null ? Status.Code.SUCCESS : code(failures[i]);
          Task t = live.get(i);
          ReplicaGroup.report(pod, () -> r.metrics.finished(hop.type, code, hop.docs, start - t.submitted, end - start));
        }
      }
    } finally {
      try {
        free.accept(live.size());
      } finally {
        skipped.forEach(t -> t.result.complete(new Served(r.label, false)));
        for (int i = 0; i < live.size(); i++) {
          if (failures[i] != null) {
            live.get(i).result.completeExceptionally(failures[i]);
          } else {
            live.get(i).result.complete(new Served(r.label, true));
          }
        }
      }
    }
  }

  /** The code an executor's failure gives its route (as {@link Status#executorError}). */
  static Status.Code code(Throwable e) {
    Throwable c = dev.jflow.api.internal.Futures.unwrap(e);
    return c instanceof FlowException && ((FlowException) c).code().isError() ? ((FlowException) c).code() : Status.Code.ERROR;
  }
}
