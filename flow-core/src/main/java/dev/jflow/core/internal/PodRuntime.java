package dev.jflow.core.internal;

import dev.jflow.api.FlowStatus;
import dev.jflow.api.JsonMap;
import dev.jflow.api.OnErrorStrategy;
import dev.jflow.api.Polling;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Request;
import dev.jflow.api.Route;
import dev.jflow.api.Scheduling;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Futures;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.spi.Reducer;
import dev.jflow.api.spi.Telemetry;
import dev.jflow.api.spi.TraceSpan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * A running pod: an optional head ({@code usesBefore}), shards of replicas, and an optional tail
 * ({@code usesAfter}). ANY polling hands a request to one shard (least loaded, or in turn); ALL hands a
 * copy to every shard and reduces the results with the tail's reducer (default {@code _merge}). Several
 * parts (a join) are reduced first by the executor that takes them when it is a {@link Reducer}, else
 * merged by id. Each executor that runs records a route; a failure marks its route and the request
 * goes on. Each executor's pass (a hop) is a child span {@code jflow.pod <name>} of the request's span,
 * and a remote pod sends that span's context with its call.
 */
final class PodRuntime {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PodRuntime.class);

  /** What a pod made of a request: its output, the routes it recorded and its first failure (or null). */
  record Outcome(Request output, List<Route> routes, Status error) {}

  private final PodSpec spec;
  private final OnErrorStrategy strategy;
  private final List<Supplier<? extends Executor>> uses = new ArrayList<>(); // shard i's
  private final Supplier<? extends Executor> before;
  private final Supplier<? extends Executor> after;
  private final ReplicaGroup head;
  private final ReplicaGroup tail;
  private final List<ReplicaGroup> shards = new ArrayList<>();
  private final AtomicInteger turn = new AtomicInteger();
  private final String hopName;
  private final Status notRun; // a hop's outcome when its caller gave up before a replica ran it
  private final boolean tracing;
  private JsonMap with;
  private CompletableFuture<?> control = CompletableFuture.completedFuture(null);

  /** A pod of Flow {@code flow}; its replicas report to {@code telemetry}. */
  PodRuntime(PodSpec spec, OnErrorStrategy strategy, IntFunction<Supplier<? extends Executor>> uses, Supplier<? extends Executor> before,
      Supplier<? extends Executor> after, java.util.concurrent.Executor pool, String flow, Telemetry telemetry) {
    this.spec = spec;
    this.hopName = "jflow.pod " + spec.name();
    this.notRun = Status.of(Status.Code.CANCELLED, "the caller gave up before pod '" + spec.name() + "' ran the request");
    this.tracing = telemetry.tracing().isEnabled();
    this.strategy = strategy;
    this.before = before;
    this.after = after;
    this.with = spec.with();
    this.head = before == null ? null
        : new ReplicaGroup(flow, spec.name(), "head", -1, 1, pool, spec.maxQueue(), spec.maxQueueBytes(), telemetry);
    this.tail = after == null ? null
        : new ReplicaGroup(flow, spec.name(), "tail", -1, 1, pool, spec.maxQueue(), spec.maxQueueBytes(), telemetry);
    for (int i = 0; i < spec.shards(); i++) {
      // a one-shard pod may serve one shard of a pod sharded elsewhere: its executors see that shard's index
      int shard = spec.shards() == 1 ? spec.shardId() : i;
      shards.add(new ReplicaGroup(flow, spec.name(), spec.shards() == 1 ? "" : "shard-" + i, shard, spec.replicas(), pool,
          spec.maxQueue(), spec.maxQueueBytes(), telemetry, spec.dynamicBatching()));
      // a pod in containers or remote batches here and sends each batch as one request: the group hands each
      // container (or remote address) one request at a time, so a batcher there would never see two waiting
      this.uses.add(uses.apply(shard)); // a {shard} address names the shard served
    }
  }

  String name() {
    return spec.name();
  }

  PodSpec spec() {
    return spec;
  }

  OnErrorStrategy strategy() {
    return strategy;
  }

  /** Opens every executor of the pod, in parallel. */
  CompletableFuture<Void> open() {
    List<CompletableFuture<Void>> opening = new ArrayList<>();
    if (head != null) {
      opening.add(head.open(before, spec.with(), 1));
    }
    for (int i = 0; i < shards.size(); i++) {
      opening.add(shards.get(i).open(uses.get(i), spec.with(), spec.replicas()));
    }
    if (tail != null) {
      opening.add(tail.open(after, spec.with(), 1));
    }
    return CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new));
  }

  /** Whether every shard (and the head and tail) has a READY replica. */
  boolean ready() {
    return groups().stream().allMatch(ReplicaGroup::ready);
  }

  private List<ReplicaGroup> groups() {
    List<ReplicaGroup> all = new ArrayList<>();
    if (head != null) {
      all.add(head);
    }
    all.addAll(shards);
    if (tail != null) {
      all.add(tail);
    }
    return all;
  }

  /** A snapshot of the pod and every replica. */
  FlowStatus.PodStatus status() {
    List<FlowStatus.ReplicaStatus> replicas = new ArrayList<>();
    int queued = 0;
    for (ReplicaGroup g : groups()) {
      replicas.addAll(g.status());
      queued += g.queued();
    }
    String uses = spec.uses().toString();
    String address = uses.contains("://") ? uses : "";
    return new FlowStatus.PodStatus(spec.name(), uses, address, queued, replicas);
  }

  /** Runs control operations on this pod one after another. */
  private synchronized <T> CompletableFuture<T> serially(Supplier<CompletableFuture<T>> op) {
    CompletableFuture<T> next = control.handle((x, e) -> null).thenCompose(x -> op.get());
    control = next;
    return next;
  }

  /** Sets the replicas of every shard; see {@link ReplicaGroup#scale}. */
  CompletableFuture<Void> scale(int replicas) {
    return serially(() -> {
      List<CompletableFuture<Void>> all = new ArrayList<>();
      shards.forEach(g -> all.add(g.scale(replicas)));
      return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    });
  }

  /**
   * Replaces every replica, one at a time per group. With {@code withUpdate} null the executors are
   * re-created as they are (reload); otherwise the shards' executors open with the pod's arguments
   * updated by {@code withUpdate} (rolling update).
   */
  CompletableFuture<Void> replace(Map<String, ?> withUpdate) {
    return serially(() -> {
      List<CompletableFuture<Void>> all = new ArrayList<>();
      if (withUpdate == null) {
        if (head != null) {
          all.add(head.replace(before, with));
        }
        if (tail != null) {
          all.add(tail.replace(after, with));
        }
      } else {
        synchronized (this) {
          JsonMap updated = with.copy();
          updated.putAll(withUpdate);
          with = updated;
        }
      }
      JsonMap w = currentWith();
      for (int i = 0; i < shards.size(); i++) {
        all.add(shards.get(i).replace(uses.get(i), w));
      }
      return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    });
  }

  private synchronized JsonMap currentWith() {
    return with;
  }

  /** The arguments a RELOAD may change: what the pod's executor declares; none while no executor runs. */
  Set<String> reloadableArgs() {
    List<Executor> running = shards.get(0).executors();
    return running.isEmpty() ? Set.of() : running.get(0).reloadableArgs();
  }

  /** The pod's executor for messages: its class's simple name, else what the pod uses. */
  String executorName() {
    List<Executor> running = shards.get(0).executors();
    return running.isEmpty() ? spec.uses().toString() : running.get(0).getClass().getSimpleName();
  }

  /**
   * Asks every running executor a RELOAD would replace (the shards', and the head's and tail's for a
   * plain one) whether a fresh instance opened with {@code changes} may replace it.
   *
   * @throws dev.jflow.api.FlowException FAILED_PRECONDITION with the first refusal, naming the pod
   */
  void checkReload(JsonMap changes, boolean plain) {
    List<ReplicaGroup> replaced = plain ? groups() : shards;
    for (ReplicaGroup g : replaced) {
      for (Executor e : g.executors()) {
        try {
          e.checkReload(changes.copy());
        } catch (Exception ex) {
          throw new dev.jflow.api.FlowException(Status.of(Status.Code.FAILED_PRECONDITION, "RELOAD of pod '" + spec.name()
              + "' (" + e.getClass().getSimpleName() + ") refused, nothing was replaced: " + ex.getMessage()).withCause(ex));
        }
      }
    }
  }

  /**
   * Asks one replica of every shard to dump its data, on that replica's lane (it never runs beside a
   * request): to {@code path}, or {@code path/shard-i} when the pod has several shards.
   */
  CompletableFuture<Void> dump(String path, int parts) {
    return serially(() -> {
      List<CompletableFuture<ReplicaGroup.Served>> all = new ArrayList<>();
      for (int i = 0; i < shards.size(); i++) {
        String target = shards.size() == 1 ? path : path + "/shard-" + i;
        all.add(shards.get(i).submit(e -> {
          try {
            e.dump(target, parts);
            return CompletableFuture.completedFuture(null);
          } catch (Exception ex) {
            return CompletableFuture.failedFuture(ex);
          }
        }, () -> false, 0));
      }
      return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    });
  }

  /** Closes every executor after the work already queued; never fails. */
  CompletableFuture<Void> close() {
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    groups().forEach(g -> closing.add(g.close()));
    return CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new));
  }

  /**
   * Runs the pod on the parts of one request.
   *
   * @param abandoned turns true when the request's caller gave up; queued work is then skipped
   * @param skipExecutor run only the head, tail and reducers (SKIP_EXECUTOR after an upstream error)
   * @param span the request's span, parent of a span per executor that runs
   */
  CompletableFuture<Outcome> process(List<Request> parts, BooleanSupplier abandoned, boolean skipExecutor, TraceSpan span) {
    List<Route> routes = Collections.synchronizedList(new ArrayList<>());
    AtomicReference<Status> error = new AtomicReference<>();
    CompletableFuture<List<Request>> afterHead = head == null ? CompletableFuture.completedFuture(parts)
        : step(head, parts, abandoned, routes, error, span).thenApply(List::of);
    CompletableFuture<List<Request>> afterShards = afterHead.thenCompose(in -> {
      if (skipExecutor) {
        routes.add(new Route(spec.name(), "", Instant.now(), Instant.now(),
            Status.of(Status.Code.SUCCESS, "executor skipped after an upstream error (SKIP_EXECUTOR)")));
        return CompletableFuture.completedFuture(List.of(merged(in)));
      }
      Request first = in.get(0);
      if (shards.size() == 1 || spec.pollingFor(first.type()) == Polling.ANY) {
        return step(pick(), in, abandoned, routes, error, span).thenApply(List::of);
      }
      Request whole = merged(in);
      List<Request> copies = new ArrayList<>(shards.size()); // every copy made before any shard may change its own
      for (int i = 0; i < shards.size(); i++) {
        copies.add(i == 0 ? whole : Requests.copy(whole));
      }
      List<CompletableFuture<Request>> each = new ArrayList<>();
      for (int i = 0; i < shards.size(); i++) {
        each.add(step(shards.get(i), List.of(copies.get(i)), abandoned, routes, error, span));
      }
      return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(v -> {
        List<Request> outs = new ArrayList<>(each.size());
        each.forEach(f -> outs.add(f.join()));
        return outs;
      });
    });
    CompletableFuture<Request> output = afterShards.thenCompose(outs -> tail == null
        ? CompletableFuture.completedFuture(merged(outs))
        : step(tail, outs, abandoned, routes, error, span));
    return output.thenApply(out -> new Outcome(out, List.copyOf(routes), error.get()));
  }

  /** The shard a request goes to under ANY polling. */
  private ReplicaGroup pick() {
    if (shards.size() == 1) {
      return shards.get(0);
    }
    if (spec.scheduling() == Scheduling.ROUND_ROBIN) {
      return shards.get(Math.floorMod(turn.getAndIncrement(), shards.size()));
    }
    ReplicaGroup best = shards.get(0);
    for (ReplicaGroup g : shards) {
      if (g.load() < best.load()) {
        best = g;
      }
    }
    return best;
  }

  /**
   * Runs one executor of {@code group} on {@code in}: reduces the parts (a reducer's own way, else by
   * id), then handles the result. Completes with the request that goes on, also when the executor
   * failed; the failure is recorded in the route and {@code error}.
   */
  private CompletableFuture<Request> step(ReplicaGroup group, List<Request> in, BooleanSupplier abandoned, List<Route> routes,
      AtomicReference<Status> error, TraceSpan span) {
    Instant start = Instant.now();
    AtomicReference<Request> current = new AtomicReference<>(in.get(0));
    long bytes = 0;
    int docs = 0;
    for (Request r : in) {
      bytes += r.estimatedBytes();
      docs += r.docs().size();
    }
    long size = bytes;
    int count = docs;
    // a replica that turned out unreachable (a remote pod gone) gets the request retried once on another.
    // A remote pod owns its own retry (another endpoint of its name): what it marks a RemoteFailure (an
    // error response, so the remote ran the request, or a request it already retried) is not retried
    // here, so no layer multiplies the other's attempts and an answered request is never sent again.
    return attempt(group, in, current, abandoned, size, count, span).handle((served, failure) -> {
      if (failure != null && spec.replicas() > 1 && unavailable(failure) && !RemoteFailure.is(failure)) {
        return attempt(group, in, current, abandoned, size, count, span);
      }
      return failure == null ? CompletableFuture.completedFuture(served) : CompletableFuture.<ReplicaGroup.Served>failedFuture(failure);
    }).thenCompose(f -> f).handle((served, failure) -> {
      if (failure != null && refused(failure)) {
        // the pod never took the request: the request fails as a whole, so the client can retry it
        throw new java.util.concurrent.CompletionException(Futures.unwrap(failure));
      }
      Status status = failure == null ? Status.SUCCESS : Status.executorError(spec.name(), Futures.unwrap(failure));
      if (failure != null) {
        error.compareAndSet(null, status);
        RequestMdc.debug(LOG, in.get(0).id(), status.description()); // the executor's failure is in the response
      }
      String podId = served != null ? served.label() : "";
      routes.add(new Route(spec.name(), podId, start, Instant.now(), status));
      return current.get();
    });
  }

  /**
   * Hands {@code in} to one replica of {@code group} as a hop of its own: a child of {@code parent}
   * named {@code jflow.pod <pod>}, whose context a remote pod sends on, ended with the hop's outcome
   * (CANCELLED when the caller gave up before a replica ran it).
   */
  private CompletableFuture<ReplicaGroup.Served> attempt(ReplicaGroup group, List<Request> in, AtomicReference<Request> current,
      BooleanSupplier abandoned, long bytes, int docs, TraceSpan parent) {
    TraceSpan span = tracing ? parent.child(hopName) : TraceSpan.none();
    span.attribute("jflow.pod", spec.name());
    java.util.function.BiFunction<Executor, Request, java.util.concurrent.CompletionStage<?>> call = (executor, r) ->
        executor instanceof Traced ? ((Traced) executor).handleAsync(r, span.context()) : executor.handleAsync(r);
    Request first = in.get(0);
    Hop hop = new Hop(first.id(), first.type(), docs, span);
    if (in.size() == 1) { // one part may be batched with other requests (dynamic batching), then handed its documents back
      return ended(group.submit(first, call, abandoned, bytes, hop), span);
    }
    java.util.function.Function<Executor, java.util.concurrent.CompletionStage<?>> work = executor -> {
      Request r;
      try {
        r = executor instanceof Reducer ? ((Reducer) executor).reduce(in) : merged(in);
      } catch (Exception e) {
        return CompletableFuture.failedFuture(e);
      }
      current.set(r);
      return call.apply(executor, r);
    };
    return ended(group.submit(work, abandoned, bytes, hop), span);
  }

  /** {@code served}, ending the hop's {@code span} with its outcome when it completes. */
  private CompletableFuture<ReplicaGroup.Served> ended(CompletableFuture<ReplicaGroup.Served> served, TraceSpan span) {
    if (tracing) {
      served.whenComplete((s, failure) -> span.end(failure != null ? (refused(failure) ? Futures.toFlowException(failure).status()
          : Status.executorError(spec.name(), Futures.unwrap(failure))) : s.ran() ? Status.SUCCESS : notRun));
    }
    return served;
  }

  /** Whether {@code t} is a replica group refusing work because its queue is full. */
  static boolean refused(Throwable t) {
    Throwable c = Futures.unwrap(t);
    return c instanceof dev.jflow.api.FlowException && ((dev.jflow.api.FlowException) c).code() == Status.Code.RESOURCE_EXHAUSTED;
  }

  private static boolean unavailable(Throwable t) {
    Throwable c = Futures.unwrap(t);
    return c instanceof dev.jflow.api.FlowException && ((dev.jflow.api.FlowException) c).code() == Status.Code.UNAVAILABLE;
  }

  /** One request from several parts, merged by id ({@code _merge}). */
  private static Request merged(List<Request> in) {
    return in.size() == 1 ? in.get(0) : Requests.merge(in);
  }
}
