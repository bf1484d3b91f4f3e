package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DemandTest {
  @Test
  void demandAddsUpAndIsGivenOneByOne() {
    Demand d = new Demand();
    assertFalse(d.waiting());
    assertTrue(d.add(1));
    assertTrue(d.add(1));
    d.given();
    assertTrue(d.waiting());
    d.given();
    assertFalse(d.waiting());
  }

  @Test
  void demandSaturatesAtUnbounded() {
    Demand d = new Demand();
    d.add(Long.MAX_VALUE - 1);
    d.add(5); // would overflow
    for (int i = 0; i < 1000; i++) {
      d.given();
    }
    assertTrue(d.waiting(), "still unbounded, not wrapped to negative");
  }

  @Test
  void nonPositiveRequestsAreViolationsThatAddNothing() {
    Demand d = new Demand();
    assertFalse(d.add(0));
    assertFalse(d.add(-3));
    assertFalse(d.waiting());
    assertTrue(Demand.violation(-3).getMessage().contains("request(-3) violates the Flow spec"));
  }
}
