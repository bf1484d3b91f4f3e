package dev.jflow.core.internal;

import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
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
  private final Map<String, PodRuntime> pods;
  private final BooleanSupplier running;
  private final ControlPlane control;

  Router(String flowName, Topology topology, Map<String, PodRuntime> pods, BooleanSupplier running, ControlPlane control) {
    this.flowName = flowName;
    this.topology = topology;
    this.pods = pods;
    this.running = running;
    this.control = control;
  }

  @Override
  public CompletableFuture<Response> handle(Request request, java.time.Duration timeout) {
    if (!running.getAsBoolean()) {
      return CompletableFuture.failedFuture(new FlowException(Status.Code.UNAVAILABLE, "Flow '" + flowName + "' is not running"));
    }
    if (request.type() == RequestType.CONTROL) {
      return control.handle(request); // commands go to the control plane, never to executors
    }
    return new RequestRun(topology, pods, request).start(timeout);
  }

  @Override
  public boolean isReady() {
    return control.ready();
  }
}
