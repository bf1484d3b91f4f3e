package dev.jflow.api.testing;

import dev.jflow.api.Request;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.spi.RequestHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Flow for gateway tests that holds every request until the test answers it. */
public final class HeldHandler implements RequestHandler {
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<Duration> timeouts = new CopyOnWriteArrayList<>();
  private final Map<String, CompletableFuture<Response>> handedOut = new LinkedHashMap<>(); // guarded by this
  private final Map<String, CompletableFuture<Response>> running = new LinkedHashMap<>(); // guarded by this

  @Override
  public CompletableFuture<Response> handle(Request request, Duration timeout) {
    CompletableFuture<Response> f = new CompletableFuture<>();
    synchronized (this) {
      requests.add(request);
      if (timeout != null) {
        timeouts.add(timeout);
      }
      handedOut.put(request.id(), f);
      running.put(request.id(), f);
    }
    return f;
  }

  @Override
  public boolean isReady() {
    return true;
  }

  /** The requests it was given, in arrival order. */
  public List<Request> requests() {
    return requests;
  }

  /** How many requests it was given. */
  public int received() {
    return requests.size();
  }

  /** The timeouts its requests came with, in arrival order (requests without one add none). */
  public List<Duration> timeouts() {
    return timeouts;
  }

  /** How many requests it holds that the test has not answered. */
  public synchronized int running() {
    return running.size();
  }

  /** The future it handed out for request {@code id}, answered or not (to see whether it was cancelled). */
  public synchronized CompletableFuture<Response> future(String id) {
    return handedOut.get(id);
  }

  /** Answers the held request {@code id} with SUCCESS and its own documents. */
  public void answer(String id) {
    CompletableFuture<Response> f;
    synchronized (this) {
      f = running.remove(id);
    }
    if (f == null) {
      throw new IllegalArgumentException("request '" + id + "' is not held");
    }
    f.complete(Response.of(request(id), Status.SUCCESS, List.of()));
  }

  /** Answers every request it holds, in arrival order. */
  public void answerAll() {
    List<String> ids;
    synchronized (this) {
      ids = new ArrayList<>(running.keySet());
    }
    ids.forEach(this::answer);
  }

  private Request request(String id) {
    for (Request r : requests) {
      if (r.id().equals(id)) {
        return r;
      }
    }
    throw new IllegalArgumentException("no request '" + id + "' arrived");
  }
}
