package dev.jflow.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowBuilder;
import dev.jflow.api.GatewayAddress;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** With one test instance per class the constructor gets the running Flow; @Nested classes share it unless they have their own. */
@JFlowTest(builder = "flow", protocol = "inprocess")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestInstancePerClassTest {
  private final AsyncFlow flow;

  TestInstancePerClassTest(AsyncFlow flow) {
    this.flow = flow;
  }

  static Flow flow() {
    return Flow.builder().name("blocking").add("upper", Upper::executor).build();
  }

  @Test
  void constructorGotTheRunningFlow(AsyncFlow same) {
    assertTrue(flow.isRunning());
    assertSame(flow, same);
    assertEquals("blocking", flow.spec().name());
  }

  @Nested
  class Inner {
    @Test
    void nestedTestsShareTheEnclosingFlow(AsyncFlow inner, GatewayAddress address) {
      assertSame(flow, inner);
      assertEquals(flow.gatewayAddress(), address);
      assertEquals(List.of("HI"), Upper.texts(Flow.blocking(inner).index(Upper.docs("hi"))));
    }
  }

  @Nested
  @JFlowTest(builder = "other", protocol = "grpc")
  class WithItsOwn {
    static FlowBuilder<AsyncFlow> other() {
      return Upper.flow().name("other");
    }

    @Test
    void aNestedClassWithItsOwnJFlowTestGetsItsOwnFlow(AsyncFlow own, GatewayAddress address) {
      assertNotSame(flow, own);
      assertEquals("other", own.spec().name());
      assertEquals("grpc", address.protocol());
      assertTrue(flow.isRunning());
    }
  }
}
