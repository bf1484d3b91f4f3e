package dev.jflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class CallOptionsTest {

  @Test
  void defaultsAreJinas() {
    CallOptions o = CallOptions.defaults();
    assertEquals(100, o.requestSize());
    assertEquals(50, o.prefetch());
    assertTrue(o.returnResults());
    assertFalse(o.resultsInOrder());
    assertFalse(o.continueOnError());
    assertEquals(0, o.topK());
    assertTrue(o.parameters().isEmpty());
    assertNull(o.executor());
    assertNull(o.onDone());
    assertNull(o.onError());
    assertNull(o.onAlways());
    assertEquals(100, CallOptions.builder().build().requestSize());
  }

  @Test
  void toBuilderKeepsEverySetting() {
    Consumer<Response> done = r -> { };
    Consumer<Response> error = r -> { };
    Consumer<Response> always = r -> { };
    Executor executor = Runnable::run;
    CallOptions o = CallOptions.builder().requestSize(7).prefetch(3).onDone(done).onError(error).onAlways(always)
        .continueOnError(true).returnResults(false).resultsInOrder(true).topK(5)
        .parameters(Map.of("a", 1)).parameter("b", "x").executor(executor).build();

    CallOptions again = o.toBuilder().build();

    for (CallOptions c : new CallOptions[] {o, again}) {
      assertEquals(7, c.requestSize());
      assertEquals(3, c.prefetch());
      assertSame(done, c.onDone());
      assertSame(error, c.onError());
      assertSame(always, c.onAlways());
      assertTrue(c.continueOnError());
      assertFalse(c.returnResults());
      assertTrue(c.resultsInOrder());
      assertEquals(5, c.topK());
      assertEquals(Map.of("a", 1.0, "b", "x"), c.parameters());
      assertSame(executor, c.executor());
    }
  }

  @Test
  void changingADerivedBuilderLeavesTheOriginalAlone() {
    CallOptions o = CallOptions.builder().requestSize(7).parameter("a", 1).build();
    CallOptions changed = o.toBuilder().requestSize(8).parameter("b", 2).build();
    assertEquals(7, o.requestSize());
    assertEquals(Map.of("a", 1.0), o.parameters());
    assertEquals(8, changed.requestSize());
    assertEquals(Map.of("a", 1.0, "b", 2.0), changed.parameters());
  }

  @Test
  void parametersAreCopiedInAndOut() {
    CallOptions.Builder b = CallOptions.builder().parameter("a", 1);
    CallOptions o = b.build();
    b.parameter("later", true);
    o.parameters().put("outside", true);
    assertEquals(Map.of("a", 1.0), o.parameters());
  }

  @Test
  void aRequestSizeOfZeroOrLessIsAllowed() {
    assertEquals(0, CallOptions.builder().requestSize(0).build().requestSize());
    assertEquals(-1, CallOptions.builder().requestSize(-1).build().requestSize());
  }

  @Test
  void everyInvalidSettingIsReportedAtOnce() {
    FlowException e = assertThrows(FlowException.class, () -> CallOptions.builder().prefetch(0).topK(-1).build());
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertEquals("invalid call options: prefetch must be at least 1, got 0; topK must be 0 (unset) or positive, got -1",
        e.status().description());
  }

  @Test
  void oneInvalidSettingIsReportedAlone() {
    FlowException e = assertThrows(FlowException.class, () -> CallOptions.builder().prefetch(-5).build());
    assertEquals("invalid call options: prefetch must be at least 1, got -5", e.status().description());
  }

  @Test
  void aNonJsonParameterIsRejectedNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CallOptions.builder().parameter("when", new Object()));
    assertTrue(e.getMessage().startsWith("'when' is a java.lang.Object"), e.getMessage());
  }

  @Test
  void retriesAreOffByDefaultAndValidated() {
    assertEquals(1, CallOptions.defaults().maxAttempts());
    assertEquals(java.time.Duration.ofMillis(100), CallOptions.defaults().retryBackoff());
    CallOptions five = CallOptions.builder().maxAttempts(5).retryBackoff(java.time.Duration.ofMillis(20)).build();
    assertEquals(5, five.toBuilder().build().maxAttempts());
    FlowException e = assertThrows(FlowException.class,
        () -> CallOptions.builder().maxAttempts(0).retryBackoff(java.time.Duration.ZERO).build());
    assertTrue(e.getMessage().contains("maxAttempts must be at least 1 (1 means no retries), got 0")
        && e.getMessage().contains("retryBackoff must be positive, got PT0S"), e.getMessage());
  }
}
