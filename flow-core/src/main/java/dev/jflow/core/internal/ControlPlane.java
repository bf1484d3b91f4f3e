package dev.jflow.core.internal;

import dev.jflow.api.FlowException;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.FlowStatus;
import dev.jflow.api.GatewayAddress;
import dev.jflow.api.JsonMap;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Route;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Futures;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The Flow's control plane: status, reload, scale, rolling update and dump on its running pods, for
 * the Flow's own methods and for CONTROL requests from the wire (Jina's ControlRequestProto commands
 * STATUS, RELOAD, SCALE and DUMP; RELOAD with {@code args.with} is a rolling update). Whichever way
 * they come, the paths they name are confined to the Flow's workspace ({@link Confinement}) and a
 * RELOAD changes only what the {@link ReloadPolicy} and the executors allow.
 */
final class ControlPlane {
  static final String COMMAND = "command";
  static final String TARGETS = "targets";
  static final String ARGS = "args";

  private final String flow;
  private final Map<String, PodRuntime> pods;
  private final BooleanSupplier running;
  private final Supplier<List<GatewayAddress>> gateways;
  private final Confinement confinement;
  private final ReloadPolicy reloads;

  /**
   * A control plane of {@code pods}; its status also lists where the Flow's {@code gateways} listen.
   * DUMP paths are confined by {@code confinement}; RELOADs are checked by {@code reloads}.
   */
  ControlPlane(String flow, Map<String, PodRuntime> pods, BooleanSupplier running, Supplier<List<GatewayAddress>> gateways,
      Confinement confinement, ReloadPolicy reloads) {
    this.flow = flow;
    this.pods = pods;
    this.running = running;
    this.gateways = gateways;
    this.confinement = confinement;
    this.reloads = reloads;
  }

  /** Whether the Flow runs and every pod can serve. */
  boolean ready() {
    return running.getAsBoolean() && pods.values().stream().allMatch(PodRuntime::ready);
  }

  FlowStatus status() {
    List<FlowStatus.PodStatus> all = new ArrayList<>();
    pods.values().forEach(p -> all.add(p.status()));
    return new FlowStatus(flow, ready(), all, gateways.get());
  }

  CompletableFuture<List<String>> reload(List<String> targets) {
    return replace(targets, null);
  }

  /**
   * Replaces the executors of the pods matching {@code targets} with fresh ones opened with the pods'
   * arguments updated by {@code with} (null: a plain reload); completes with the pods' names. Every pod
   * is checked before any is touched, so a refused RELOAD replaces nothing.
   */
  private CompletableFuture<List<String>> replace(List<String> targets, Map<String, ?> with) {
    List<String> names;
    Map<PodRuntime, JsonMap> updates = new LinkedHashMap<>();
    try {
      names = matching(targets);
      for (String name : names) {
        PodRuntime p = pods.get(name);
        if (!running.getAsBoolean()) {
          throw notRunning();
        }
        JsonMap update = with == null ? new JsonMap() : reloads.check(p, with);
        p.checkReload(update, with == null);
        updates.put(p, with == null ? null : update);
      }
    } catch (FlowException e) {
      return CompletableFuture.failedFuture(e);
    }
    List<CompletableFuture<Void>> all = new ArrayList<>();
    updates.forEach((p, update) -> all.add(p.replace(update)));
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> names);
  }

  CompletableFuture<Void> scale(String pod, int replicas) {
    if (replicas < 1) {
      return CompletableFuture.failedFuture(new FlowException(Status.Code.INVALID_ARGUMENT,
          "cannot scale pod '" + pod + "' to " + replicas + " replicas; a pod needs at least 1"));
    }
    if (replicas > PodSpec.MAX_REPLICAS) {
      return CompletableFuture.failedFuture(new FlowException(Status.Code.INVALID_ARGUMENT,
          "cannot scale pod '" + pod + "' to " + replicas + " replicas; the most a shard may have is "
              + PodSpec.MAX_REPLICAS + " (PodSpec.MAX_REPLICAS). Add shards to go beyond"));
    }
    return withPod(pod, p -> p.scale(replicas));
  }

  CompletableFuture<Void> rollingUpdate(String pod, Map<String, ?> with) {
    if (!pods.containsKey(pod)) {
      return withPod(pod, p -> null); // fails naming the pods there are
    }
    return replace(List.of(Pattern.quote(pod)), with == null ? Map.of() : with).thenApply(names -> null);
  }

  CompletableFuture<Void> dump(String pod, String path, int shards) {
    if (path == null || path.isBlank() || shards < 1) {
      return CompletableFuture.failedFuture(new FlowException(Status.Code.INVALID_ARGUMENT,
          "dump of pod '" + pod + "' needs a path and at least 1 shard, got path '" + path + "' and " + shards + " shards"));
    }
    Path target;
    try {
      target = confinement.resolve("DUMP path", path);
    } catch (FlowException e) {
      return CompletableFuture.failedFuture(e);
    }
    return withPod(pod, p -> p.dump(target.toString(), shards)).exceptionally(e -> {
      Throwable cause = Futures.unwrap(e);
      if (cause instanceof FlowException) {
        throw (FlowException) cause;
      }
      throw new FlowException(Status.of(Status.Code.FAILED_PRECONDITION, "pod '" + pod + "' cannot dump: " + cause.getMessage()).withCause(cause));
    });
  }

  private CompletableFuture<Void> withPod(String name, java.util.function.Function<PodRuntime, CompletableFuture<Void>> op) {
    PodRuntime p = pods.get(name);
    if (p == null) {
      return CompletableFuture.failedFuture(new FlowException(Status.Code.NOT_FOUND,
          "Flow '" + flow + "' has no pod '" + name + "'; pods are " + pods.keySet()));
    }
    if (!running.getAsBoolean()) {
      return CompletableFuture.failedFuture(notRunning());
    }
    return op.apply(p);
  }

  private FlowException notRunning() {
    return new FlowException(Status.Code.FAILED_PRECONDITION, "Flow '" + flow + "' is not running");
  }

  /** Pod names matching any of the regular expressions (every pod when there are none). */
  private List<String> matching(List<String> targets) {
    if (targets.isEmpty()) {
      return new ArrayList<>(pods.keySet());
    }
    List<String> names = new ArrayList<>();
    for (String t : targets) {
      Pattern p;
      try {
        p = Pattern.compile(t);
      } catch (PatternSyntaxException e) {
        throw new FlowException(Status.Code.INVALID_ARGUMENT, "reload target '" + t + "' is not a regular expression: " + e.getDescription());
      }
      pods.keySet().stream().filter(n -> p.matcher(n).matches() && !names.contains(n)).forEach(names::add);
    }
    if (names.isEmpty()) {
      throw new FlowException(Status.Code.NOT_FOUND, "no pod matches " + targets + "; pods are " + pods.keySet());
    }
    return names;
  }

  /** Answers a CONTROL request from the wire; failures become the response's status. */
  CompletableFuture<Response> handle(Request request) {
    Instant received = Instant.now();
    String command = request.parameters().getString(COMMAND, "");
    List<String> targets = new ArrayList<>();
    if (request.parameters().get(TARGETS) instanceof List) {
      ((List<?>) request.parameters().get(TARGETS)).forEach(t -> targets.add(String.valueOf(t)));
    }
    JsonMap args = request.parameters().get(ARGS) instanceof JsonMap ? (JsonMap) request.parameters().get(ARGS) : new JsonMap();
    CompletableFuture<JsonMap> done;
    switch (command) {
      case "STATUS":
        done = CompletableFuture.completedFuture(status().toJson());
        break;
      case "RELOAD":
        done = args.get("with") instanceof Map
            ? reloadWith(targets, (JsonMap) args.get("with"))
            : reload(targets).thenApply(names -> reply("reloaded", names));
        break;
      case "SCALE":
        done = scale(args.getString("pod", ""), (int) args.getNumber("replicas", 0)).thenApply(v -> reply("scaled", args.getString("pod", "")));
        break;
      case "DUMP":
        done = dump(args.getString("pod", ""), args.getString("path", ""), (int) args.getNumber("shards", 1))
            .thenApply(v -> reply("dumped", args.getString("pod", "")));
        break;
      default:
        done = CompletableFuture.failedFuture(new FlowException(Status.Code.ERROR_NOTALLOWED, "control command " + command
            + " is not supported by this gateway; use STATUS, RELOAD, SCALE or DUMP"));
    }
    return done.handle((reply, e) -> {
      Status status = e == null ? (command.equals("STATUS") && !ready() ? Status.of(Status.Code.PENDING, "not every pod is ready")
          : Status.SUCCESS) : Futures.toFlowException(e).status();
      JsonMap params = new JsonMap();
      params.put(COMMAND, command.isEmpty() ? "STATUS" : command);
      params.put(TARGETS, targets);
      params.put(ARGS, reply == null ? new JsonMap() : reply);
      Request answer = Request.builder(RequestType.CONTROL).id(request.id()).parameters(params).build();
      return Response.of(answer, status, List.of(new Route(FlowSpec.GATEWAY, "", received, Instant.now(), status)));
    });
  }

  private CompletableFuture<JsonMap> reloadWith(List<String> targets, JsonMap with) {
    return replace(targets, with).thenApply(names -> reply("updated", names));
  }

  private static JsonMap reply(String key, Object value) {
    JsonMap m = new JsonMap();
    m.put(key, value);
    return m;
  }
}
