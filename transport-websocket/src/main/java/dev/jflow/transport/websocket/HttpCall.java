package dev.jflow.transport.websocket;

import dev.jflow.api.Request;
import dev.jflow.api.Response;
import dev.jflow.api.spi.RequestHandler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The requests of one HTTP call, run through the Flow at most {@code prefetch} at a time. Completes
 * with the responses in request order, or fails with the first failure, abandoning the rest.
 */
final class HttpCall {
  private final RequestHandler handler;
  private final List<Request> requests;
  private final int prefetch;
  private final Response[] responses;
  private final CompletableFuture<List<Response>> result = new CompletableFuture<>();

  // guarded by this
  private final Set<CompletableFuture<Response>> running = new HashSet<>();
  private int next;
  private int done;
  private int pendingStarts;
  private boolean starting;

  HttpCall(RequestHandler handler, List<Request> requests, int prefetch) {
    this.handler = handler;
    this.requests = requests;
    this.prefetch = prefetch;
    this.responses = new Response[requests.size()];
  }

  /** Starts the call; the future completes with one response per request. */
  CompletableFuture<List<Response>> run() {
    for (int i = 0; i < Math.min(prefetch, requests.size()); i++) {
      startNext();
    }
    return result;
  }

  /**
   * Starts the next request, then any that get a slot meanwhile. A loop, not recursion: a handler that
   * answers at once would otherwise run every request on one ever deeper stack.
   */
  private void startNext() {
    synchronized (this) {
      if (starting) {
        pendingStarts++;
        return;
      }
      starting = true;
      pendingStarts++;
    }
    while (true) {
      int i;
      synchronized (this) {
        if (pendingStarts == 0) {
          starting = false;
          return;
        }
        pendingStarts--;
        if (next >= requests.size() || result.isDone()) {
          continue;
        }
        i = next++;
      }
      CompletableFuture<Response> f;
      try {
        f = handler.handle(requests.get(i), null);
      } catch (RuntimeException e) {
        f = CompletableFuture.failedFuture(e);
      }
      synchronized (this) {
        running.add(f);
      }
      CompletableFuture<Response> started = f;
      f.whenComplete((r, e) -> completed(i, started, r, e));
    }
  }

  private void completed(int i, CompletableFuture<Response> f, Response response, Throwable error) {
    if (error != null) {
      cancel(error);
      return;
    }
    boolean all;
    synchronized (this) {
      running.remove(f);
      responses[i] = response;
      all = ++done == responses.length;
    }
    if (all) {
      result.complete(new ArrayList<>(Arrays.asList(responses)));
    } else {
      startNext();
    }
  }

  /** Fails the call with {@code why} and abandons its running requests. */
  void cancel(Throwable why) {
    List<CompletableFuture<Response>> abandoned;
    synchronized (this) {
      abandoned = new ArrayList<>(running);
      running.clear();
      next = requests.size();
    }
    result.completeExceptionally(why);
    abandoned.forEach(f -> f.cancel(false));
  }
}
