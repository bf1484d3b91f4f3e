package dev.jflow.junit.cases;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.Client;
import dev.jflow.api.FlowBuilder;
import dev.jflow.junit.JFlowTest;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Test classes a user could write, with mistakes; each has one test, which passes if the Flow runs. */
public final class Cases {
  private Cases() {}

  /** The Flow a {@link Fine} run saw, to check it is closed afterwards. */
  public static final AtomicReference<AsyncFlow> SEEN = new AtomicReference<>();

  /** The Flow and its client work; the extension closes both. */
  @JFlowTest(yaml = "flows/pass.yml", protocol = "inprocess")
  public static class Fine {
    @Test
    void runs(AsyncFlow flow, Client client) {
      SEEN.set(flow);
    }
  }

  @JFlowTest(yaml = "flows/pass.yml", builder = "flow")
  public static class Both {
    static FlowBuilder<AsyncFlow> flow() {
      return AsyncFlow.builder().add();
    }

    @Test
    void runs() {}
  }

  @JFlowTest
  public static class Neither {
    @Test
    void runs() {}
  }

  @JFlowTest(yaml = "flows/missing.yml")
  public static class MissingResource {
    @Test
    void runs() {}
  }

  @JFlowTest(builder = "absent")
  public static class MissingMethod {
    @Test
    void runs() {}
  }

  @JFlowTest(builder = "flow")
  public static class NotStatic {
    FlowBuilder<AsyncFlow> flow() {
      return AsyncFlow.builder().add();
    }

    @Test
    void runs() {}
  }

  @JFlowTest(builder = "flow")
  public static class WrongType {
    static String flow() {
      return "a Flow";
    }

    @Test
    void runs() {}
  }

  /** A pod whose executor cannot be opened. */
  @JFlowTest(builder = "flow", protocol = "grpc")
  public static class FailsToStart {
    static FlowBuilder<AsyncFlow> flow() {
      return AsyncFlow.builder().add("broken", Broken::new);
    }

    @Test
    void runs() {}
  }

  @JFlowTest(builder = "flow", lifecycle = JFlowTest.Lifecycle.PER_METHOD)
  public static class PerMethodInBeforeAll {
    static FlowBuilder<AsyncFlow> flow() {
      return AsyncFlow.builder().add();
    }

    @BeforeAll
    static void before(AsyncFlow flow) {}

    @Test
    void runs() {}
  }

  /** An executor whose open fails, as one missing its model file would. */
  static final class Broken implements dev.jflow.api.spi.Executor {
    @Override
    public void open(dev.jflow.api.spi.ExecutorContext context) {
      throw new IllegalStateException("model file /models/none.bin is missing");
    }

    @Override
    public void handle(dev.jflow.api.Request request) {}

    @Override
    public void close() {}
  }
}
