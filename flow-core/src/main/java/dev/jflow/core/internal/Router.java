package dev.jflow.core.internal;

import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.spi.RequestHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/** Serves requests by walking them through the pod DAG; what a gateway server calls. */
final class Router implements RequestHandler {
  private final String flowName;
  private final Topology topology;
  private final Map<String, PodRuntime> pods;
  private final BooleanSupplier ready;

  Router(String flowName, Topology topology, Map<String, PodRuntime> pods, BooleanSupplier ready) {
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
    if (request.type() == RequestType.CONTROL) {
      // control commands (status, reload, scale, ...) are answered by the control plane, not by executors
      return CompletableFuture.completedFuture(Response.of(request, Status.of(Status.Code.ERROR_NOTALLOWED,
          "control command " + request.parameters().getString("command", "?") + " is not supported by this gateway yet"), List.of()));
    }
    return new RequestRun(topology, pods, request).start(timeout);
  }

  @Override
  public boolean isReady() {
    return ready.getAsBoolean();
  }
}
