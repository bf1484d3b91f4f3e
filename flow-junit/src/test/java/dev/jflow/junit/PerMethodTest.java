package dev.jflow.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.GatewayAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PER_METHOD: each test gets a Flow of its own, closed after it; here from a method returning a FlowSpec. */
@JFlowTest(builder = "spec", protocol = "grpc", lifecycle = JFlowTest.Lifecycle.PER_METHOD)
class PerMethodTest {
  private static final List<AsyncFlow> FLOWS = new CopyOnWriteArrayList<>();

  static FlowSpec spec() {
    return Upper.flow().spec();
  }

  @BeforeEach
  void recordTheTestsFlow(AsyncFlow flow) {
    FLOWS.forEach(earlier -> assertFalse(earlier.isRunning(), "the previous test's Flow is closed"));
    FLOWS.add(flow);
  }

  @Test
  void firstTestHasItsFlow(AsyncFlow flow, GatewayAddress address) {
    assertTrue(flow.isRunning());
    assertEquals(flow.gatewayAddress(), address);
  }

  @Test
  void secondTestHasItsFlow(AsyncFlow flow, GatewayAddress address) {
    assertTrue(flow.isRunning());
    assertEquals(flow.gatewayAddress(), address);
  }

  @AfterAll
  static void eachTestHadADistinctFlow() {
    assertEquals(2, FLOWS.size());
    assertFalse(FLOWS.get(0) == FLOWS.get(1), "two tests, two Flows");
    FLOWS.forEach(flow -> assertFalse(flow.isRunning(), "each Flow is closed after its test"));
  }
}
