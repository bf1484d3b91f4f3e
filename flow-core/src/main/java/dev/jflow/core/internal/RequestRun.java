package dev.jflow.core.internal;

import dev.jflow.api.FlowSpec;
import dev.jflow.api.Request;
import dev.jflow.api.Response;
import dev.jflow.api.Route;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Futures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One request's walk through the pod DAG: runs each pod once all its needs have delivered, copies the
 * request for parallel branches, merges parts at joins, records a route per pod, and completes with
 * the merged output of the final pods. An executor failure marks its route ERROR and the walk goes on.
 */
final class RequestRun {
  private final Topology topology;
  private final Map<String, Pod> pods;
  private final Request request;
  private final Instant received = Instant.now();
  private final CompletableFuture<Response> result = new CompletableFuture<>();
  private final List<Route> routes = new ArrayList<>();
  private final Map<String, Map<String, Request>> parts = new HashMap<>();
  private final java.util.Set<String> inPods = new java.util.LinkedHashSet<>();
  private Status firstError;

  RequestRun(Topology topology, Map<String, Pod> pods, Request request) {
    this.topology = topology;
    this.pods = pods;
    this.request = request;
  }

  /** Starts the walk; with a {@code timeout} (null for none) the run fails when it is not done in time. */
  CompletableFuture<Response> start(java.time.Duration timeout) {
    if (timeout != null) {
      long ms = Math.max(0, timeout.toMillis());
      CompletableFuture.delayedExecutor(ms, java.util.concurrent.TimeUnit.MILLISECONDS).execute(() -> expire(ms));
    }
    fanOut(FlowSpec.GATEWAY, topology.starts(), request);
    return result;
  }

  private void expire(long ms) {
    List<String> where;
    synchronized (this) {
      where = new ArrayList<>(inPods);
    }
    if (!result.isDone()) {
      result.completeExceptionally(new dev.jflow.api.FlowException(Status.Code.DEADLINE_EXCEEDED, "request '" + request.id()
          + "' did not finish within " + ms + " ms; still in " + (where.isEmpty() ? "the gateway" : "pod(s) " + where)));
    }
  }

  private void dispatch(String pod, Request r) {
    if (result.isDone()) {
      return; // cancelled or failed: stop walking
    }
    Instant start = Instant.now();
    synchronized (this) {
      inPods.add(pod);
    }
    pods.get(pod).process(r, result::isDone).whenComplete((v, err) -> {
      Status status = err == null ? Status.SUCCESS : Status.executorError(pod, Futures.unwrap(err));
      synchronized (this) {
        inPods.remove(pod);
        routes.add(new Route(pod, "", start, Instant.now(), status));
        if (err != null && firstError == null) {
          firstError = status;
        }
      }
      List<String> next = topology.downstream(pod);
      if (next.isEmpty()) {
        deliver(FlowSpec.GATEWAY, pod, r);
      } else {
        fanOut(pod, next, r);
      }
    });
  }

  private void fanOut(String from, List<String> targets, Request r) {
    for (int i = 0; i < targets.size(); i++) {
      deliver(targets.get(i), from, i == 0 ? r : Requests.copy(r));
    }
  }

  /** Hands {@code from}'s output to {@code target} (a pod, or the gateway for final pods). */
  private void deliver(String target, String from, Request r) {
    Request merged;
    synchronized (this) {
      Map<String, Request> got = parts.computeIfAbsent(target, k -> new HashMap<>());
      got.put(from, r);
      List<String> expected = target.equals(FlowSpec.GATEWAY) ? topology.ends() : List.copyOf(new LinkedHashSet<>(topology.pods().get(target).needs()));
      if (got.size() < expected.size()) {
        return;
      }
      List<Request> ordered = new ArrayList<>(expected.size());
      expected.forEach(name -> ordered.add(got.get(name)));
      parts.remove(target);
      merged = Requests.merge(ordered);
    }
    if (target.equals(FlowSpec.GATEWAY)) {
      finish(merged);
    } else {
      dispatch(target, merged);
    }
  }

  private void finish(Request out) {
    List<Route> all;
    Status status;
    synchronized (this) {
      all = new ArrayList<>(routes.size() + 1);
      status = firstError == null ? Status.SUCCESS : firstError;
      all.add(new Route(FlowSpec.GATEWAY, "", received, Instant.now(), status));
      all.addAll(routes);
    }
    result.complete(Response.of(out, status, all));
  }
}
