package dev.jflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Status.Code;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusTest {

  @Test
  void jinaCodesTravelAsTheirOwnNumbers() {
    assertEquals(0, Code.SUCCESS.wireCode());
    assertEquals(1, Code.PENDING.wireCode());
    assertEquals(2, Code.READY.wireCode());
    assertEquals(3, Code.ERROR.wireCode());
    assertEquals(4, Code.ERROR_DUPLICATE.wireCode());
    assertEquals(5, Code.ERROR_NOTALLOWED.wireCode());
    assertEquals(6, Code.ERROR_CHAINED.wireCode());
  }

  @Test
  void localCodesTravelAsError() {
    for (Code c : List.of(Code.INVALID_ARGUMENT, Code.UNAVAILABLE, Code.DEADLINE_EXCEEDED, Code.CANCELLED,
        Code.RESOURCE_EXHAUSTED, Code.FAILED_PRECONDITION, Code.NOT_FOUND, Code.INTERNAL, Code.UNAUTHENTICATED,
        Code.PERMISSION_DENIED)) {
      assertEquals(3, c.wireCode(), c.name());
      assertTrue(c.isError(), c.name());
    }
  }

  @Test
  void errorStartsAtError() {
    assertFalse(Code.SUCCESS.isError());
    assertFalse(Code.PENDING.isError());
    assertFalse(Code.READY.isError());
    assertTrue(Code.ERROR.isError());
    assertTrue(Code.ERROR_DUPLICATE.isError());
    assertTrue(Code.ERROR_NOTALLOWED.isError());
    assertTrue(Code.ERROR_CHAINED.isError());
    assertFalse(Status.SUCCESS.isError());
    assertTrue(Status.of(Code.UNAVAILABLE, "down").isError());
  }

  @Test
  void fromWireReadsJinaCodes() {
    List<Code> read = new ArrayList<>();
    for (int i = 0; i <= 6; i++) {
      read.add(Code.fromWire(i));
    }
    assertEquals(List.of(Code.SUCCESS, Code.PENDING, Code.READY, Code.ERROR, Code.ERROR_DUPLICATE,
        Code.ERROR_NOTALLOWED, Code.ERROR_CHAINED), read);
    assertSame(Code.ERROR, Code.fromWire(3), "3 is ERROR, not one of the local codes sharing it");
  }

  @Test
  void anUnknownWireCodeIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Code.fromWire(7));
    assertEquals("unknown status code 7; Jina codes are 0 to 6", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Code.fromWire(-1));
  }

  @Test
  void anExecutorErrorCarriesWhatTheExecutorThrew() {
    IllegalStateException thrown = new IllegalStateException("index is full");
    Status s = Status.executorError("indexer", thrown);

    assertEquals(Code.ERROR, s.code());
    assertEquals("pod 'indexer' failed: java.lang.IllegalStateException: index is full", s.description());
    assertSame(thrown, s.cause());
    Status.ExceptionInfo info = s.exception();
    assertEquals("java.lang.IllegalStateException", info.name());
    assertEquals(List.of("index is full"), info.args());
    assertEquals("indexer", info.executor());
    assertEquals("java.lang.IllegalStateException: index is full", info.stacks().get(0));
    assertTrue(info.stacks().stream().anyMatch(l -> l.contains("at " + StatusTest.class.getName() + ".")),
        "the stack names where it was thrown: " + info.stacks());
    assertThrows(UnsupportedOperationException.class, () -> info.stacks().add("x"));
  }

  @Test
  void anExceptionWithoutMessageHasNoArgs() {
    Status s = Status.executorError("p", new NullPointerException());
    assertEquals(List.of(), s.exception().args());
    assertEquals("java.lang.NullPointerException", s.exception().name());
  }

  @Test
  void exceptionInfoNormalizesNullsAndCopiesLists() {
    Status.ExceptionInfo empty = new Status.ExceptionInfo(null, null, null, null);
    assertEquals(new Status.ExceptionInfo("", List.of(), List.of(), ""), empty);

    List<String> args = new ArrayList<>(List.of("a"));
    Status.ExceptionInfo info = new Status.ExceptionInfo("E", args, List.of(), "p");
    args.add("b");
    assertEquals(List.of("a"), info.args());
  }

  @Test
  void equalityIgnoresTheCause() {
    Status s = Status.of(Code.UNAVAILABLE, "gateway down");
    Status withCause = s.withCause(new java.io.IOException("refused"));
    assertEquals(s, withCause);
    assertEquals(s.hashCode(), withCause.hashCode());
    assertNull(s.cause());
    assertEquals("refused", withCause.cause().getMessage());

    assertNotEquals(s, Status.of(Code.UNAVAILABLE, "other"));
    assertNotEquals(s, Status.of(Code.INTERNAL, "gateway down"));
    Status.ExceptionInfo info = new Status.ExceptionInfo("E", List.of(), List.of(), "p");
    assertNotEquals(Status.of(Code.ERROR, "x"), Status.of(Code.ERROR, "x", info));
    assertEquals(Status.of(Code.ERROR, "x", info), Status.of(Code.ERROR, "x", info));
  }

  @Test
  void toStringShowsTheCodeAndDescription() {
    assertEquals("SUCCESS", Status.SUCCESS.toString());
    assertEquals("NOT_FOUND: no pod 'x'", Status.of(Code.NOT_FOUND, "no pod 'x'").toString());
    assertEquals("", Status.of(Code.ERROR, null).description());
  }

  @Test
  void aFlowExceptionCarriesItsStatusAndCause() {
    RuntimeException cause = new RuntimeException("root");
    FlowException e = new FlowException(Code.DEADLINE_EXCEEDED, "too slow", cause);
    assertEquals(Code.DEADLINE_EXCEEDED, e.code());
    assertEquals(Status.of(Code.DEADLINE_EXCEEDED, "too slow"), e.status());
    assertSame(cause, e.getCause());
    assertSame(cause, e.status().cause());
    assertEquals("DEADLINE_EXCEEDED: too slow", e.getMessage());

    FlowException plain = new FlowException(Code.INVALID_ARGUMENT, "bad");
    assertNull(plain.getCause());
    assertEquals("INVALID_ARGUMENT: bad", plain.getMessage());

    IllegalStateException thrown = new IllegalStateException("boom");
    FlowException fromStatus = new FlowException(Status.executorError("pod", thrown));
    assertSame(thrown, fromStatus.getCause());
    assertEquals(Code.ERROR, fromStatus.code());
  }
}
