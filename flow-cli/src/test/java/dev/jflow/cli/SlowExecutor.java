package dev.jflow.cli;

import dev.jflow.api.Request;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.spi.ExecutorContext;

/** A test executor that takes {@code sleep_ms} (from the pod's {@code uses_with}; default 100) per request. */
public final class SlowExecutor implements Executor {
  private long sleepMs = 100;

  /** Needed by the YAML's {@code uses:}, which names this class. */
  public SlowExecutor() {}

  @Override
  public void open(ExecutorContext context) {
    sleepMs = (long) context.with().getNumber("sleep_ms", sleepMs);
  }

  @Override
  public void handle(Request request) throws InterruptedException {
    Thread.sleep(sleepMs);
  }

  @Override
  public void close() {}
}
