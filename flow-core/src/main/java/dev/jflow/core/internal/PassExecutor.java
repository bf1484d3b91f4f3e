package dev.jflow.core.internal;

import dev.jflow.api.Request;
import dev.jflow.api.spi.Executor;

/** The built-in {@code _pass}: hands the request on unchanged, on the thread that brings it ({@link NonBlocking}). */
final class PassExecutor implements Executor, NonBlocking {
  @Override
  public void handle(Request request) {
    // nothing to do: the documents travel on as they came
  }

  @Override
  public void close() {
    // holds nothing
  }
}
