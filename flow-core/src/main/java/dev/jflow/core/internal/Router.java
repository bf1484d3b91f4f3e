package dev.jflow.core.internal;

import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.spi.RequestHandler;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/** Serves requests by walking them through the pod DAG; what a gateway server calls. */
final class Router implements RequestHandler {
  private final String flowName;
  private final Topology topology;
  private final Map<String, Pod> pods;
  private final BooleanSupplier ready;

  Router(String flowName, Topology topology, Map<String, Pod> pods, BooleanSupplier ready) {
    this.flowName = flowName;
    this.topology = topology;
    this.pods = pods;
    this.ready = ready;
  }

  @Override
  public CompletableFuture<Response> handle(Request request, java.time.Duration timeout) {
    if (!ready.getAsBoolean()) {
      return CompletableFuture.failedFuture(new FlowException(Status.Code.UNAVAILABLE, "Flow '" + flowName + "' is not running"));
    }
    return new RequestRun(topology, pods, request).start(timeout);
  }

  @Override
  public boolean isReady() {
    return ready.getAsBoolean();
  }
}
