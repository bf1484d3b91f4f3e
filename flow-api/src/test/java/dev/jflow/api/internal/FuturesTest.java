package dev.jflow.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FuturesTest {

  @Test
  void whatACallerDoesToItsCopyStaysWithThatCopy() {
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> completed = Futures.forCaller(source);
    CompletableFuture<String> failed = Futures.forCaller(source);
    CompletableFuture<String> cancelled = Futures.forCaller(source);
    CompletableFuture<String> obtruded = Futures.forCaller(source);
    CompletableFuture<String> timed = Futures.forCaller(source).completeOnTimeout("late", 1, TimeUnit.MILLISECONDS);
    CompletableFuture<String> other = Futures.forCaller(source);
    assertNotSame(completed, other);

    assertTrue(completed.complete("mine"));
    assertTrue(failed.completeExceptionally(new IllegalStateException("mine")));
    assertTrue(cancelled.cancel(true));
    obtruded.obtrudeValue("mine");
    assertEquals("late", timed.join());

    assertFalse(source.isDone(), "the source is untouched");
    assertFalse(other.isDone(), "another caller's copy is untouched");
    source.complete("real");
    assertEquals("real", other.join());
    assertEquals("mine", completed.join());
    assertEquals("real", Futures.forCaller(source).join(), "a copy of a done future is done");
  }

  @Test
  void aCopyFailsWithTheSourcesExceptionAsIs() {
    FlowException failure = new FlowException(Status.Code.UNAVAILABLE, "cut");
    CompletableFuture<Void> source = new CompletableFuture<>();
    CompletableFuture<Void> copy = Futures.forCaller(source);
    source.completeExceptionally(failure);
    assertSame(failure, copy.handle((v, e) -> e).join(), "no CompletionException around it");
    assertSame(failure, Futures.toFlowException(Futures.forCaller(source).handle((v, e) -> e).join()));
  }
}
