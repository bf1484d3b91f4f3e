package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnansweredTest {
  private static Unanswered withRequests(int n) {
    Unanswered u = new Unanswered();
    for (int i = 0; i < n; i++) {
      assertEquals(i, u.add(Request.builder(RequestType.INDEX).id("r" + i).build()));
    }
    return u;
  }

  private static List<String> sendAll(Unanswered u) {
    List<String> ids = new ArrayList<>();
    for (Request r; (r = u.nextToSend()) != null; ) {
      ids.add(r.id());
    }
    return ids;
  }

  @Test
  void answersAreMatchedByIdOnce() {
    Unanswered u = withRequests(3);
    sendAll(u);
    assertEquals(1, u.answer("r1"));
    assertEquals(-1, u.answer("r1"), "already answered");
    assertEquals(-1, u.answer("nope"), "never sent");
    assertEquals(2, u.size());
    assertEquals(3, u.added());
    assertEquals(0, u.answer("r0"));
    assertEquals(2, u.answer("r2"));
    assertTrue(u.isEmpty());
  }

  @Test
  void aRetrySendsEveryUnansweredRequestAgainEarliestFirst() {
    Unanswered u = withRequests(4);
    assertEquals(List.of("r0", "r1", "r2", "r3"), sendAll(u));
    u.answer("r2");
    u.resend(false);
    assertEquals(List.of("r0", "r1", "r3"), sendAll(u));
  }

  @Test
  void afterARefusalHalfOfWhatWasInFlightMayBe() {
    Unanswered u = withRequests(8);
    sendAll(u); // 8 in flight
    u.resend(true);
    assertEquals(List.of("r0", "r1", "r2", "r3"), sendAll(u), "a window of 4");
    u.answer("r0");
    assertEquals(List.of("r4"), sendAll(u), "an answer makes room for one more");
    u.resend(true); // 4 in flight: the window becomes 2
    assertEquals(2, sendAll(u).size());
    u.resend(true);
    u.resend(true);
    assertEquals(1, sendAll(u).size(), "never below one");
  }

  @Test
  void halfClosesOnceWhenTheInputIsDoneAndEverythingIsSent() {
    Unanswered u = withRequests(1);
    assertFalse(u.halfCloseNow(true), "a request waits to go");
    assertEquals(List.of("r0"), sendAll(u));
    assertFalse(u.halfCloseNow(false), "more input may come");
    assertTrue(u.halfCloseNow(true));
    assertFalse(u.halfCloseNow(true), "only once");
    u.resend(false);
    sendAll(u);
    assertTrue(u.halfCloseNow(true), "a new transport call is half-closed again");
  }
}
