package dev.jflow.core.internal.yaml;

import dev.jflow.api.Flow;
import dev.jflow.api.FlowBuilder;
import dev.jflow.api.FlowException;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.InspectMode;
import dev.jflow.api.JsonMap;
import dev.jflow.api.OnErrorStrategy;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Polling;
import dev.jflow.api.RequestType;
import dev.jflow.api.Scheduling;
import dev.jflow.api.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.Node;

/** Reads a Flow YAML file (Jina's v1 format) into a {@link FlowSpec}, naming the file and line of every problem. */
public final class FlowYamlReader {
  /** The key of {@code gateway:} that sets {@link GatewayConfig#monitoringPort()}; the section's other keys are transports. */
  static final String MONITORING_PORT = "monitoring_port";
  static final Set<String> TOP = new TreeSet<>(List.of("jtype", "version", "with", "gateway", "pods", "env"));
  static final Set<String> WITH = new TreeSet<>(List.of("name", "description", "protocol", "restful", "rest_api", "host",
      "port_expose", "port", "prefetch", "max_message_size", "max_stream_bytes", "max_gateway_bytes", "drain_grace", "max_top_k",
      "max_requests_per_second", "rate_burst", "timeout_ready", "inspect", "on_error_strategy",
      "workspace", "allow_reload_paths", "tls"));
  static final Set<String> POD = new TreeSet<>(List.of("name", "method", "uses", "uses_with", "needs", "replicas", "shards",
      "parallel", "polling", "scheduling", "uses_before", "uses_after", "host", "port_expose", "timeout", "on_error_strategy",
      "inspect", "description", "max_queue", "max_queue_bytes", "tls", "shard_id"));

  static {
    WITH.add(AuthYaml.AUTH);
    POD.addAll(AuthYaml.POD_KEYS);
    POD.addAll(ContainerYaml.KEYS);
    POD.add(DynamicBatchingYaml.KEY);
  }

  private final YamlDoc doc;
  private final Path baseDir;

  private FlowYamlReader(String source, Path baseDir) {
    this.doc = new YamlDoc(source);
    this.baseDir = baseDir;
  }

  /** Reads the Flow in {@code file}; executor YAML files it names are read relative to it. */
  public static FlowSpec read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new FlowException(Status.of(Status.Code.INVALID_ARGUMENT, "cannot read Flow YAML " + file + ": " + e).withCause(e));
    }
    Path dir = file.toAbsolutePath().getParent();
    return new FlowYamlReader(file.toString(), dir).read(text);
  }

  /** Reads a Flow from YAML text; {@code source} names it in errors, {@code baseDir} resolves executor files. */
  public static FlowSpec read(String text, String source, Path baseDir) {
    return new FlowYamlReader(source, baseDir).read(text);
  }

  private FlowSpec read(String text) {
    Node root = doc.parse(text);
    Map<String, Node> top = doc.mapping(root, "the Flow", TOP);
    if (top.containsKey("jtype") && !doc.string(top.get("jtype"), "jtype").equals("Flow")) {
      throw doc.error(top.get("jtype"), "'jtype' of a Flow file must be Flow, got '" + doc.string(top.get("jtype"), "jtype") + "'");
    }
    if (top.containsKey("version") && !doc.string(top.get("version"), "version").equals("1")) {
      throw doc.error(top.get("version"), "only version '1' Flow files are supported, got '" + doc.string(top.get("version"), "version") + "'");
    }
    if (top.containsKey("env")) {
      Map<String, String> env = new LinkedHashMap<>();
      doc.mapping(top.get("env"), "'env'", null).forEach((k, v) -> env.put(k, doc.string(v, "env." + k)));
      doc.vars(env);
    }
    FlowBuilder<Flow> b = Flow.builder();
    if (top.containsKey("with")) {
      flowOptions(b, doc.mapping(top.get("with"), "the Flow's 'with'", WITH));
    }
    if (top.containsKey("gateway")) {
      gatewayOptions(b, top.get("gateway"));
    }
    if (!top.containsKey("pods")) {
      throw doc.error(root, "a Flow needs 'pods': a list of pods");
    }
    for (Node p : doc.sequence(top.get("pods"), "'pods'")) {
      try {
        pod(b, p);
      } catch (FlowException e) {
        if (e.getMessage().contains(" line ")) {
          throw e;
        }
        throw doc.error(p, e.status().description());
      }
    }
    return b.spec();
  }

  private void flowOptions(FlowBuilder<Flow> b, Map<String, Node> with) {
    if (with.containsKey("port") && with.containsKey("port_expose")) {
      throw doc.error(with.get("port"), "'port' (Jina 3) and 'port_expose' both set the gateway's ports; give one");
    }
    Map<String, Node> ordered = new LinkedHashMap<>(); // the protocols first: the ports are checked against them
    List.of("protocol", "restful", "rest_api").stream().filter(with::containsKey).forEach(k -> ordered.put(k, with.get(k)));
    ordered.putAll(with);
    ordered.forEach((k, v) -> {
      try {
        switch (k) {
          case "name": b.name(doc.string(v, k)); break;
          case "protocol": b.protocols(doc.strings(v, k).toArray(String[]::new)); break;
          case "restful": case "rest_api": b.restful(doc.bool(v, k)); break;
          case "host": b.host(doc.string(v, k)); break;
          case "port_expose": case "port": ports(b, v, k); break;
          case "prefetch": b.prefetch(doc.integer(v, k)); break;
          case "max_message_size": b.maxMessageSize(doc.integer(v, k)); break;
          case "drain_grace": b.drainGrace(Duration.ofMillis(doc.longInteger(v, k))); break;
          case "max_stream_bytes": b.maxStreamBytes(doc.longInteger(v, k)); break;
          case "max_gateway_bytes": b.maxGatewayBytes(doc.longInteger(v, k)); break;
          case "max_top_k": b.maxTopK(doc.integer(v, k)); break;
          case "max_requests_per_second": b.maxRequestsPerSecond(doc.integer(v, k)); break;
          case "rate_burst": b.burst(doc.integer(v, k)); break;
          case "timeout_ready": b.timeoutReady(Duration.ofMillis(doc.integer(v, k))); break;
          case "inspect": b.inspectMode(doc.choice(v, k, InspectMode.class)); break;
          case "on_error_strategy": b.onErrorStrategy(doc.choice(v, k, OnErrorStrategy.class)); break;
          case AuthYaml.AUTH: b.authenticator(AuthYaml.read(doc, v, baseDir)); break;
          case "workspace": b.workspace(path(v, k)); break;
          case "allow_reload_paths": b.allowReloadPaths(doc.bool(v, k)); break;
          case "tls": b.tls(TlsYaml.read(doc, v, baseDir)); break;
          default: break; // description
        }
      } catch (FlowException e) {
        throw e.getMessage().contains(" line ") ? e : doc.error(v, e.status().description());
      }
    });
  }

  /** A path, relative to the working directory (as executors' own {@code workspace}). */
  private Path path(Node v, String key) {
    String s = doc.string(v, key);
    try {
      return Path.of(s);
    } catch (java.nio.file.InvalidPathException e) {
      throw doc.error(v, "'" + key + "' must be a path, got '" + s + "': " + e.getReason());
    }
  }

  /** One port, or a list of ports: one per protocol (Jina 3's multi-protocol gateway). */
  private void ports(FlowBuilder<Flow> b, Node v, String key) {
    if (!(v instanceof org.yaml.snakeyaml.nodes.SequenceNode)) {
      b.port(doc.integer(v, key));
      return;
    }
    List<Integer> ports = new java.util.ArrayList<>();
    doc.sequence(v, "'" + key + "'").forEach(p -> ports.add(doc.integer(p, key)));
    b.gateway(b.spec().gateway().toBuilder().ports(ports).build());
  }

  /**
   * {@code gateway: {<transport>: {<option>: value}}}: the transports' own options, e.g. {@code websocket.cors};
   * and {@code monitoring_port}, the port of the gateway's {@code /metrics} endpoint.
   */
  private void gatewayOptions(FlowBuilder<Flow> b, Node node) {
    GatewayConfig.Builder g = b.spec().gateway().toBuilder();
    doc.mapping(node, "'gateway'", null).forEach((transport, section) -> {
      if (transport.equals(MONITORING_PORT)) {
        g.monitoringPort(monitoringPort(section));
        return;
      }
      doc.mapping(section, "'gateway." + transport + "' (the " + transport + " transport's options)", null).forEach((key, v) -> {
        String name = transport + "." + key;
        String value = doc.string(v, "gateway." + name);
        try {
          GatewayConfig.builder().option(name, value).build(); // the name's form; the transport checks name and value
        } catch (FlowException e) {
          throw doc.error(v, e.status().description());
        }
        g.option(name, value);
      });
    });
    b.gateway(g.build());
  }

  private int monitoringPort(Node v) {
    int port = doc.integer(v, "gateway." + MONITORING_PORT);
    if (port < -1 || port > 65535) {
      throw doc.error(v, "'gateway." + MONITORING_PORT + "' must be -1 (none), 0 (a free port) or a port up to 65535, got " + port);
    }
    return port;
  }

  private void pod(FlowBuilder<Flow> b, Node node) {
    Map<String, Node> p = doc.mapping(node, "a pod", POD);
    String method = p.containsKey("method") ? doc.string(p.get("method"), "method") : "add";
    String name = p.containsKey("name") ? doc.string(p.get("name"), "name") : "pod" + b.spec().pods().size();
    PodSpec.Builder pod = PodSpec.builder(name);
    JsonMap with = new JsonMap();
    if (p.containsKey("uses")) {
      String uses = doc.string(p.get("uses"), "uses");
      if (uses.endsWith(".yml") || uses.endsWith(".yaml")) {
        ExecutorYaml e = executor(p.get("uses"), uses);
        pod.uses(e.uses().name());
        with.putAll(e.with());
      } else {
        pod.uses(uses);
      }
    }
    if (p.containsKey("uses_with")) {
      doc.mapping(p.get("uses_with"), "'uses_with'", null).forEach((k, v) -> with.put(k, doc.plain(v, "uses_with." + k)));
    }
    pod.with(with);
    if (p.containsKey("needs")) {
      pod.needs(doc.strings(p.get("needs"), "needs"));
    }
    if (p.containsKey("replicas")) {
      pod.replicas(doc.integer(p.get("replicas"), "replicas"));
    }
    if (p.containsKey("shards") || p.containsKey("parallel")) {
      String key = p.containsKey("shards") ? "shards" : "parallel";
      pod.shards(doc.integer(p.get(key), key));
    }
    if (p.containsKey("polling")) {
      polling(pod, p.get("polling"));
    }
    if (p.containsKey("scheduling")) {
      pod.scheduling(doc.choice(p.get("scheduling"), "scheduling", Scheduling.class));
    }
    if (p.containsKey("uses_before")) {
      pod.usesBefore(helper(p.get("uses_before"), "uses_before", with));
    }
    if (p.containsKey("uses_after")) {
      pod.usesAfter(helper(p.get("uses_after"), "uses_after", with));
    }
    if (p.containsKey("host")) {
      pod.host(doc.string(p.get("host"), "host"));
    }
    if (p.containsKey("port_expose")) {
      pod.portExpose(doc.integer(p.get("port_expose"), "port_expose"));
    }
    if (p.containsKey("tls")) {
      pod.tls(TlsYaml.read(doc, p.get("tls"), baseDir));
    }
    if (p.containsKey("timeout")) {
      pod.timeout(Duration.ofMillis(doc.integer(p.get("timeout"), "timeout")));
    }
    if (p.containsKey("on_error_strategy")) {
      pod.onErrorStrategy(doc.choice(p.get("on_error_strategy"), "on_error_strategy", OnErrorStrategy.class));
    }
    if (p.containsKey("inspect")) {
      pod.inspect(doc.bool(p.get("inspect"), "inspect"));
    }
    if (p.containsKey("max_queue")) {
      pod.maxQueue(doc.integer(p.get("max_queue"), "max_queue"));
    }
    if (p.containsKey("max_queue_bytes")) {
      pod.maxQueueBytes(doc.longInteger(p.get("max_queue_bytes"), "max_queue_bytes"));
    }
    if (p.containsKey("shard_id")) {
      pod.shardId(doc.integer(p.get("shard_id"), "shard_id"));
    }
    if (p.containsKey(DynamicBatchingYaml.KEY)) {
      pod.dynamicBatching(DynamicBatchingYaml.read(doc, p.get(DynamicBatchingYaml.KEY)));
    }
    pod.token(AuthYaml.podToken(doc, node, p, baseDir));
    dev.jflow.api.ContainerOptions container = ContainerYaml.read(doc, p, baseDir);
    if (container != null) {
      pod.container(container);
    }
    switch (method) {
      case "add":
        b.add(pod.build());
        break;
      case "needs":
        if (!p.containsKey("needs")) {
          throw doc.error(node, "a pod with 'method: needs' must list its 'needs'");
        }
        b.needs(name, doc.strings(p.get("needs"), "needs"));
        break;
      case "inspect":
        b.inspect(name, pod.build().uses().name() == null ? "_pass" : pod.build().uses().name());
        break;
      default:
        throw doc.error(p.get("method"), "'method' must be add, needs or inspect, got '" + method + "'");
    }
  }

  private void polling(PodSpec.Builder pod, Node n) {
    if (n instanceof org.yaml.snakeyaml.nodes.ScalarNode) {
      pod.polling(doc.choice(n, "polling", Polling.class));
      return;
    }
    doc.mapping(n, "'polling'", null).forEach((k, v) -> {
      if (k.equals("default")) {
        pod.polling(doc.choice(v, "polling.default", Polling.class));
        return;
      }
      RequestType type;
      try {
        type = RequestType.valueOf(k.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw doc.error(v, "'polling' keys are request types (index, search, update, delete, train) or default, got '" + k + "'");
      }
      pod.polling(type, doc.choice(v, "polling." + k, Polling.class));
    });
  }

  /** A head or tail executor: a name, or an executor YAML file (its arguments join the pod's). */
  private String helper(Node n, String key, JsonMap with) {
    String uses = doc.string(n, key);
    if (uses.endsWith(".yml") || uses.endsWith(".yaml")) {
      ExecutorYaml e = executor(n, uses);
      e.with().forEach(with::putIfAbsent);
      return e.uses().name();
    }
    return uses;
  }

  private ExecutorYaml executor(Node at, String file) {
    Path path = baseDir == null ? Path.of(file) : baseDir.resolve(file);
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw doc.error(at, "cannot read executor YAML " + path + ": " + e.getMessage());
    }
    YamlDoc executorDoc = new YamlDoc(path.toString());
    return ExecutorYaml.read(executorDoc, executorDoc.parse(text));
  }
}
