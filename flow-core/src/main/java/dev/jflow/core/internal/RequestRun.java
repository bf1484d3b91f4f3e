package dev.jflow.core.internal;

import dev.jflow.api.FlowException;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.OnErrorStrategy;
import dev.jflow.api.Request;
import dev.jflow.api.Response;
import dev.jflow.api.Route;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Futures;
import dev.jflow.api.internal.Timers;
import dev.jflow.api.spi.TraceSpan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;

/**
 * One request's walk through the pod DAG: runs each pod once all its needs have delivered (a join
 * gets every part of this request and no other), copies the request for parallel branches, records
 * the routes, applies each pod's error strategy and timeout, and completes with the merged output of
 * the final pods. Hanging inspect pods run but are not waited for. The request's span ends with the
 * response's status, or the status of the failure that answered it (refused, timed out, cancelled).
 */
final class RequestRun {
  private final Topology topology;
  private final Map<String, PodRuntime> pods;
  private final Request request;
  private final TraceSpan span;
  private final Instant received = Instant.now();
  private final CompletableFuture<Response> result = new CompletableFuture<>();
  private final List<Route> routes = new ArrayList<>();
  private final Map<String, Map<String, Request>> parts = new HashMap<>();
  private final Set<String> inPods = new LinkedHashSet<>();
  private Status firstError;
  private final List<ScheduledFuture<?>> timers = new ArrayList<>();
  private final Map<String, ScheduledFuture<?>> joinTimers = new HashMap<>();
  // set when the request is answered early (failure, timeout, THROW_EARLY) or abandoned: pods stop;
  // a normal answer leaves hanging inspect pods running
  private volatile boolean stopped;

  /** A run of {@code request}, whose pods' spans are children of {@code span} (which this run ends). */
  RequestRun(Topology topology, Map<String, PodRuntime> pods, Request request, TraceSpan span) {
    this.topology = topology;
    this.pods = pods;
    this.request = request;
    this.span = span;
  }

  /** Starts the walk; with a {@code timeout} (null for none) the run fails when it is not done in time. */
  CompletableFuture<Response> start(Duration timeout) {
    result.whenComplete((r, e) -> { // also when the caller cancels it
      cancelTimers();
      span.end(r != null ? r.status() : Futures.toFlowException(e).status());
    });
    if (timeout != null) {
      long ms = Math.max(0, timeout.toMillis());
      track(Timers.schedule(() -> expire(ms), ms));
    }
    fanOut(FlowSpec.GATEWAY, topology.starts(), request);
    return result;
  }

  /** Keeps {@code timer} to cancel when the request is answered (at once if it already is). */
  private void track(ScheduledFuture<?> timer) {
    boolean done;
    synchronized (this) {
      done = result.isDone();
      if (!done) {
        timers.add(timer);
      }
    }
    if (done) {
      timer.cancel(false);
    }
  }

  private void cancelTimers() {
    List<ScheduledFuture<?>> all;
    synchronized (this) {
      all = new ArrayList<>(timers);
      all.addAll(joinTimers.values());
      timers.clear();
      joinTimers.clear();
    }
    all.forEach(t -> t.cancel(false));
  }

  private void expire(long ms) {
    List<String> where;
    synchronized (this) {
      where = new ArrayList<>(inPods);
    }
    result.completeExceptionally(new FlowException(Status.Code.DEADLINE_EXCEEDED, "request '" + request.id()
        + "' did not finish within " + ms + " ms; still in " + (where.isEmpty() ? "the gateway" : "pod(s) " + where)));
  }

  private boolean abandoned() {
    return stopped || result.isCompletedExceptionally();
  }

  /** Runs pod {@code name} on {@code in}, counted as a step nested on this thread ({@link InlineRuns}). */
  private void dispatch(String name, List<Request> in) {
    InlineRuns.step(() -> walk(name, in));
  }

  private void walk(String name, List<Request> in) {
    if (abandoned()) {
      return; // answered early, failed or abandoned: stop walking
    }
    PodRuntime pod = pods.get(name);
    boolean failedUpstream;
    synchronized (this) {
      failedUpstream = firstError != null;
      if (failedUpstream && pod.strategy() == OnErrorStrategy.SKIP_HANDLE) {
        Instant now = Instant.now();
        routes.add(new Route(name, "", now, now, Status.of(Status.Code.ERROR_CHAINED,
            "pod '" + name + "' skipped the request after an upstream error (SKIP_HANDLE)")));
      } else {
        inPods.add(name);
      }
    }
    if (failedUpstream && pod.strategy() == OnErrorStrategy.SKIP_HANDLE) {
      forward(name, in.size() == 1 ? in.get(0) : Requests.merge(in));
      return;
    }
    Instant start = Instant.now();
    CompletableFuture<PodRuntime.Outcome> outcome = pod.process(in, this::abandoned,
        failedUpstream && pod.strategy() == OnErrorStrategy.SKIP_EXECUTOR, span);
    Duration timeout = pod.spec().timeout();
    if (timeout != null) {
      outcome = withTimeout(outcome, timeout.toMillis());
    }
    outcome.whenComplete((o, failure) -> {
      synchronized (this) {
        inPods.remove(name);
      }
      if (failure != null && PodRuntime.refused(failure)) {
        // a pod refused the request (its queue is full): the request is refused as a whole, so that
        // the gateway answers RESOURCE_EXHAUSTED and the client may send it again
        stopped = true;
        cancelTimers();
        result.completeExceptionally(Futures.unwrap(failure));
        return;
      }
      if (failure != null) {
        Status status = failure instanceof TimeoutException
            ? Status.of(Status.Code.DEADLINE_EXCEEDED, "pod '" + name + "' did not finish request '" + request.id()
                + "' within " + timeout.toMillis() + " ms")
            : Status.executorError(name, failure);
        synchronized (this) {
          routes.add(new Route(name, "", start, Instant.now(), status));
        }
        fail(status);
        return;
      }
      synchronized (this) {
        routes.addAll(o.routes());
        if (o.error() != null && firstError == null) {
          firstError = o.error();
        }
      }
      if (o.error() != null && pod.strategy() == OnErrorStrategy.THROW_EARLY) {
        stopped = true;
        finish(o.output(), o.error());
      } else {
        forward(name, o.output());
      }
    });
  }

  /** {@code f}, or a TimeoutException after {@code ms}; the timer goes once {@code f} completes. */
  private <T> CompletableFuture<T> withTimeout(CompletableFuture<T> f, long ms) {
    CompletableFuture<T> timed = new CompletableFuture<>();
    ScheduledFuture<?> timer = Timers.schedule(() -> timed.completeExceptionally(new TimeoutException()), ms);
    track(timer);
    f.whenComplete((v, e) -> {
      timer.cancel(false);
      if (e != null) {
        timed.completeExceptionally(e);
      } else {
        timed.complete(v);
      }
    });
    return timed;
  }

  private void forward(String pod, Request out) {
    List<String> next = topology.downstream(pod);
    if (next.isEmpty()) {
      if (topology.ends().contains(pod)) {
        deliver(FlowSpec.GATEWAY, pod, out);
      } // else a hanging inspect pod: nobody waits for it
    } else {
      fanOut(pod, next, out);
    }
  }

  /** Hands {@code r} to every target, a copy each but the first's, all made before any target may change its own. */
  private void fanOut(String from, List<String> targets, Request r) {
    List<Request> copies = new ArrayList<>(targets.size());
    for (int i = 0; i < targets.size(); i++) {
      copies.add(i == 0 ? r : Requests.copy(r));
    }
    for (int i = 0; i < targets.size(); i++) {
      deliver(targets.get(i), from, copies.get(i));
    }
  }

  /** Hands {@code from}'s output to {@code target} (a pod, or the gateway for final pods). */
  private void deliver(String target, String from, Request r) {
    List<Request> ordered;
    synchronized (this) {
      Map<String, Request> got = parts.computeIfAbsent(target, k -> new HashMap<>());
      got.put(from, r);
      List<String> expected = expected(target);
      if (got.size() < expected.size()) {
        if (got.size() == 1) {
          armJoinTimeout(target, expected);
        }
        return;
      }
      ordered = new ArrayList<>(expected.size());
      expected.forEach(name -> ordered.add(got.get(name)));
      parts.remove(target);
      ScheduledFuture<?> joinTimer = joinTimers.remove(target);
      if (joinTimer != null) {
        joinTimer.cancel(false);
      }
    }
    if (target.equals(FlowSpec.GATEWAY)) {
      finish(ordered.size() == 1 ? ordered.get(0) : Requests.merge(ordered), null);
    } else {
      dispatch(target, ordered);
    }
  }

  private List<String> expected(String target) {
    return target.equals(FlowSpec.GATEWAY) ? topology.ends() : List.copyOf(new LinkedHashSet<>(topology.pods().get(target).needs()));
  }

  /** A join with a timeout fails the request when its other parts do not arrive in time, naming them. */
  private void armJoinTimeout(String target, List<String> expected) {
    if (target.equals(FlowSpec.GATEWAY) || pods.get(target).spec().timeout() == null || result.isDone()) {
      return;
    }
    long ms = pods.get(target).spec().timeout().toMillis();
    joinTimers.put(target, Timers.schedule(() -> {
      List<String> missing = new ArrayList<>();
      synchronized (this) {
        Map<String, Request> got = parts.get(target);
        if (got == null) {
          return;
        }
        expected.stream().filter(p -> !got.containsKey(p)).forEach(missing::add);
      }
      fail(Status.of(Status.Code.DEADLINE_EXCEEDED, "pod '" + target + "' waited " + ms + " ms for request '" + request.id()
          + "' from " + missing + ", which never arrived"));
    }, ms));
  }

  /** Answers at once with {@code status} and no documents (their state is unknown). */
  private void fail(Status status) {
    stopped = true;
    synchronized (this) {
      if (firstError == null) {
        firstError = status;
      }
    }
    Request empty = Request.builder(request.type()).id(request.id()).parameters(request.parameters()).build();
    finish(empty, status);
  }

  private void finish(Request out, Status status) {
    List<Route> all;
    Status s;
    synchronized (this) {
      s = status != null ? status : firstError == null ? Status.SUCCESS : firstError;
      all = new ArrayList<>(routes.size() + 1);
      all.add(new Route(FlowSpec.GATEWAY, "", received, Instant.now(), s));
      all.addAll(routes);
    }
    cancelTimers(); // before the answer leaves, so that a caller who sees it finds no timer left
    result.complete(Response.of(out, s, all));
  }
}
