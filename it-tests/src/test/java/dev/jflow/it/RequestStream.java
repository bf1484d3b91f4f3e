package dev.jflow.it;

import dev.jflow.api.AsyncOperations;
import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.Inputs;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * One long call of generated documents, one per request and {@value #IN_FLIGHT} in flight, that goes
 * on until {@link #stop()}: document {@code i} is {@code doc.apply(i)}. Counts the answers and keeps
 * every failed one; {@code check} sees each successful response and records a problem by throwing.
 */
final class RequestStream {
  /** Requests in flight. */
  static final int IN_FLIGHT = 16;
  /** No document after this many: the stream is bounded even if nobody stops it. */
  static final int MAX_DOCS = 100_000;
  /** The call's deadline. */
  static final Duration DEADLINE = Duration.ofSeconds(240);

  private final AtomicInteger generated = new AtomicInteger();
  private final AtomicInteger answered = new AtomicInteger();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final Queue<String> failures = new ConcurrentLinkedQueue<>();
  private final CompletableFuture<List<Response>> call;

  private RequestStream(AsyncOperations target, RequestType type, IntFunction<Document> doc, CallOptions.Builder options,
      Consumer<Response> check) {
    Inputs input = Inputs.generate(() -> {
      if (stopped.get() || generated.get() >= MAX_DOCS) {
        return null;
      }
      return doc.apply(generated.getAndIncrement());
    });
    CallOptions o = options.requestSize(1).prefetch(IN_FLIGHT).returnResults(false).timeout(DEADLINE).onAlways(r -> {
      if (r.isError()) {
        failures.add(r.requestId() + ": " + r.status());
      } else {
        try {
          check.accept(r);
        } catch (RuntimeException | AssertionError e) {
          failures.add(r.requestId() + ": " + e.getMessage());
        }
      }
      answered.incrementAndGet();
    }).build();
    this.call = target.call(type, input, o);
  }

  /** Starts a call of {@code type} on {@code target}; {@code options} gives what else the requests need (top k). */
  static RequestStream start(AsyncOperations target, RequestType type, IntFunction<Document> doc, CallOptions.Builder options,
      Consumer<Response> check) {
    return new RequestStream(target, type, doc, options, check);
  }

  /** Waits until {@code n} requests in all have been answered. */
  void awaitAnswered(int n, Duration within) {
    await(n + " answers", within, () -> answered.get() >= n);
  }

  /** Waits, while the call goes on, until {@code condition} holds (asked every 50 ms); fails when the call ends first. */
  void await(String what, Duration within, Callable<Boolean> condition) {
    await(what, within, Duration.ofMillis(50), condition);
  }

  /** Waits, while the call goes on, until {@code condition} holds, asked every {@code poll}; fails when the call ends first. */
  <T> T await(String what, Duration within, Duration poll, Callable<T> value, Predicate<? super T> condition) {
    return Awaitility.await(what).atMost(within).pollInterval(poll).failFast("the call ended", call::isDone).until(value, condition);
  }

  private void await(String what, Duration within, Duration poll, Callable<Boolean> condition) {
    await(what, within, poll, condition, Boolean.TRUE::equals);
  }

  /** Generates no more documents; the requests in flight are still answered. */
  void stop() {
    stopped.set(true);
  }

  /** Stops and waits for the call's end; the call's own failure (not a failed response's), or null. */
  Throwable finish() throws InterruptedException {
    stop();
    try {
      call.get(DEADLINE.toSeconds() + 10, TimeUnit.SECONDS);
      return null;
    } catch (TimeoutException e) {
      return new AssertionError("the call hung past its deadline: " + answered + " of " + generated + " answered", e);
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  /** Documents generated so far. */
  int generated() {
    return generated.get();
  }

  /** Requests answered so far. */
  int answered() {
    return answered.get();
  }

  /** The failed responses, and the successful ones {@code check} found wrong: request id and why. */
  List<String> failures() {
    return List.copyOf(failures);
  }
}
