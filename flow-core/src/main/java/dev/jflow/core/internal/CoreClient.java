package dev.jflow.core.internal;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Client;
import dev.jflow.api.ClientConfig;
import dev.jflow.api.FlowException;
import dev.jflow.api.FlowStatus;
import dev.jflow.api.JsonMap;
import dev.jflow.api.Request;
import dev.jflow.api.Inputs;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Futures;
import dev.jflow.api.spi.ClientTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import java.util.function.Function;

/** A client of a running gateway, over the transport its configuration names. */
final class CoreClient implements Client {
  private final ClientConfig config;
  private final ClientTransport transport;
  private final ExecutorService callers = ThreadPools.cached("jflow-client");
  private final ClientEngine engine;
  private volatile boolean closed;

  CoreClient(ClientConfig config, ClientTransport transport) {
    this.config = config;
    this.transport = transport;
    this.engine = new ClientEngine(this::transport, callers);
  }

  private ClientTransport transport() {
    if (closed) {
      throw new FlowException(Status.Code.FAILED_PRECONDITION, "the client of " + config.host() + " is closed");
    }
    return transport;
  }

  @Override
  public ClientConfig config() {
    return config;
  }

  @Override
  public CompletableFuture<List<Response>> call(RequestType type, Inputs inputs, CallOptions options) {
    return engine.call(type, inputs, options);
  }

  @Override
  public Flow.Publisher<Response> stream(RequestType type, Inputs inputs, CallOptions options) {
    return engine.stream(type, inputs, options);
  }

  @Override
  public CompletableFuture<FlowStatus> status() {
    return control("STATUS", List.of(), Map.of(), FlowStatus::fromJson);
  }

  @Override
  public CompletableFuture<List<String>> reload(String... targets) {
    return control("RELOAD", List.of(targets), Map.of(), args -> names(args.get("reloaded")));
  }

  @Override
  public CompletableFuture<Void> scale(String pod, int replicas) {
    return control("SCALE", List.of(), Map.of("pod", pod, "replicas", replicas), a -> null);
  }

  @Override
  public CompletableFuture<Void> rollingUpdate(String pod, Map<String, ?> with) {
    return control("RELOAD", List.of(Pattern.quote(pod)), Map.of("with", with), a -> null);
  }

  @Override
  public CompletableFuture<Void> dump(String pod, String path, int shards) {
    return control("DUMP", List.of(), Map.of("pod", pod, "path", path, "shards", shards), a -> null);
  }

  /** Sends a CONTROL request and completes with what {@code answer} makes of the args of its answer. */
  private <T> CompletableFuture<T> control(String command, List<String> targets, Map<String, ?> args, Function<JsonMap, T> answer) {
    Request r = Request.builder(RequestType.CONTROL)
        .parameters(Map.of("command", command, "targets", targets, "propagate", true, "args", args)).build();
    return Futures.forCaller(engine.single(r).thenApply(response -> {
      Object a = response.parameters().get("args");
      return answer.apply(a instanceof JsonMap ? (JsonMap) a : new JsonMap());
    }));
  }

  private static List<String> names(Object list) {
    List<String> out = new ArrayList<>();
    if (list instanceof List) {
      ((List<?>) list).forEach(n -> out.add(String.valueOf(n)));
    }
    return out;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    transport.close();
    ThreadPools.shutdown(callers, 5_000);
  }
}
