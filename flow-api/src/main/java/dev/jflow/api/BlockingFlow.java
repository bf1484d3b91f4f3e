package dev.jflow.api;

import dev.jflow.api.internal.Futures;
import java.util.List;

/** {@link Flow} as a blocking view of an {@link AsyncFlow}. */
final class BlockingFlow implements Flow {
  private final AsyncFlow flow;

  BlockingFlow(AsyncFlow flow) {
    this.flow = flow;
  }

  @Override
  public AsyncFlow async() {
    return flow;
  }

  @Override
  public Flow start() {
    Futures.await(flow.start());
    return this;
  }

  @Override
  public List<Response> call(RequestType type, Inputs inputs, CallOptions options) {
    return Futures.await(flow.call(type, inputs, options));
  }

  @Override
  public void close() {
    flow.close();
  }

  @Override
  public String toString() {
    return flow.toString();
  }
}
