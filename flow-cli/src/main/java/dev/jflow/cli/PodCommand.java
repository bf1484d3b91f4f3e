package dev.jflow.cli;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.PodSpec;
import dev.jflow.core.FlowYaml;
import dev.jflow.core.Flows;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jflow pod}: serves one executor as a remote pod until stopped. */
@Command(name = "pod", mixinStandardHelpOptions = true,
    description = {"Serve one executor as a remote pod (use it from a Flow with uses: grpc://host:port).",
        "With tokens, the Flow that uses it sends one (its pod's token_file / token_env in YAML, PodSpec.token in code).",
        "SIGTERM / Ctrl-C drain it: new calls are refused, accepted requests finish within the drain grace period."},
    exitCodeListHeading = "Exit status after SIGTERM / Ctrl-C:%n",
    exitCodeList = {"0:every accepted request was answered", "3:the drain grace period ran out and requests were cut",
        "1:the pod failed to start or to close", "2:bad usage"})
final class PodCommand implements Callable<Integer> {
  /** What {@link Flows#servePod} names the Flow of pod {@code name}: {@code pod-<name>}. */
  private static final String FLOW_PREFIX = "pod-";

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--uses", defaultValue = "${env:JFLOW_USES}",
      description = {"an executor YAML file, one of our executors by short name, a class name, or a built-in such as _pass",
          "(default: the JFLOW_USES environment variable, which images built by `jflow image build --uses` set)"})
  String uses;

  @Option(names = "--name", defaultValue = "pod", description = "the pod's name (default: ${DEFAULT-VALUE})")
  String name;

  @Option(names = "--port-expose", defaultValue = "0", split = ",", paramLabel = "PORT",
      description = "the port, or one per protocol (default 0: a free port, printed at start)")
  List<Integer> ports;

  @Option(names = "--host", defaultValue = "0.0.0.0", description = "the interface to bind (default: ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--protocol", defaultValue = "grpc", split = ",", paramLabel = "NAME",
      description = "the transport, or several, one gateway each: grpc,websocket (default: ${DEFAULT-VALUE})")
  List<String> protocols;

  @Option(names = "--gateway-option", paramLabel = "NAME=VALUE",
      description = "a transport's gateway option, e.g. websocket.cors=https://app.example; may repeat")
  Map<String, String> options = new LinkedHashMap<>();

  @Option(names = "--uses-with", paramLabel = "JSON",
      description = "the executor's arguments as one JSON object, e.g. '{\"dim\": 64}'; --with entries are added to it")
  String usesWith;

  @Option(names = "--with", description = "an argument for the executor, KEY=VALUE; numbers and true/false are typed; may repeat")
  Map<String, String> with = new LinkedHashMap<>();

  @Option(names = "--shard-id", paramLabel = "I", defaultValue = "0",
      description = {"the shard of a sharded pod this one serves (one process or container per shard): its executor opens as shard I,",
          "so that it loads its part of a dump and keeps its own workspace (default: ${DEFAULT-VALUE})"})
  int shardId;

  @Option(names = "--dynamic-batching-size", paramLabel = "N",
      description = {"merge waiting requests into executor calls of about N documents (dynamic batching; YAML's",
          "dynamic_batching.preferred_batch_size); default: none, each request is its own call. Helps only when callers",
          "send several requests at once: a Flow using this pod (grpc://, docker://, jflow export) sends one at a time",
          "and batches on its side instead"})
  Integer batchSize;

  @Option(names = "--dynamic-batching-timeout-ms", paramLabel = "MS",
      description = "how long the first waiting request waits for more, with --dynamic-batching-size (default: 10)")
  Long batchTimeoutMs;

  @Option(names = "--drain-grace", paramLabel = "MS", defaultValue = "30000",
      description = "how long SIGTERM lets accepted requests finish before cutting them, in ms (default: ${DEFAULT-VALUE})")
  long drainGraceMs;

  @Mixin
  GatewayTokens tokens = new GatewayTokens();
  @Option(names = "--max-top-k", paramLabel = "K", defaultValue = "10000",
      description = "the largest top_k a request may ask for; more is refused (default: ${DEFAULT-VALUE})")
  int maxTopK;
  @Mixin
  GatewayRate rate = new GatewayRate();
  @picocli.CommandLine.Mixin
  ServerTls tls;
  @Mixin
  Monitoring monitoring = new Monitoring();

  @Override
  public Integer call() {
    PodSpec pod = podSpec();
    GatewayConfig gateway = gateway();
    CliTelemetry telemetry = monitoring.telemetry(FLOW_PREFIX + name);
    return Serving.until(start(pod, gateway, telemetry), telemetry, "pod '" + name + "' (" + uses + ")", spec.commandLine().getOut(),
        spec.commandLine().getErr());
  }

  /** Starts the pod, recording nothing; the caller closes it. */
  AsyncFlow start() {
    return start(podSpec(), gateway(), CliTelemetry.create(false, FLOW_PREFIX + name, java.util.Map.of()));
  }

  /** Serves {@code pod} behind {@code gateway} reporting to {@code telemetry}; the caller closes both, and {@code telemetry} too when this fails. */
  static AsyncFlow start(PodSpec pod, GatewayConfig gateway, CliTelemetry telemetry) {
    return FlowCommand.start(() -> Flows.servePod(pod, gateway, telemetry.telemetry()), telemetry);
  }

  /** The gateway of the command line: where and how the pod is served. */
  GatewayConfig gateway() {
    for (int port : ports) {
      if (port < 0 || port > 65535) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--port-expose must be 0 to 65535, got " + port);
      }
    }
    if (drainGraceMs < 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--drain-grace must be 0 or more milliseconds, got " + drainGraceMs);
    }
    if (maxTopK < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--max-top-k must be at least 1, got " + maxTopK);
    }
    GatewayConfig.Builder g = GatewayConfig.builder().protocols(protocols).host(host).ports(ports)
        .drainGrace(java.time.Duration.ofMillis(drainGraceMs)).maxTopK(maxTopK).options(options).tls(tls.config(spec.commandLine()));
    return tokens.apply(monitoring.apply(spec, rate.apply(spec, g)).build(), System::getenv);
  }

  /** The pod of the command line: the executor and its arguments. */
  PodSpec podSpec() {
    if (uses == null || uses.isBlank()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "no executor: give --uses, or set JFLOW_USES (images built with `jflow image build --uses` do)");
    }
    if (shardId < 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--shard-id must be 0 or more, got " + shardId);
    }
    PodSpec.Builder b = PodSpec.builder(name).shardId(shardId);
    if (uses.endsWith(".yml") || uses.endsWith(".yaml")) {
      // an executor YAML: read it as a one-pod Flow so that its jtype, with and metas apply
      FlowSpec one = FlowYaml.parse("jtype: Flow\npods:\n  - name: " + name + "\n    uses: " + uses + "\n", uses,
          java.nio.file.Path.of(".").toAbsolutePath());
      PodSpec p = one.pods().get(0);
      b.uses(p.uses().name()).with(p.with());
    } else {
      b.uses(uses);
    }
    if (usesWith != null) {
      b.with(usesWith());
    }
    with.forEach((k, v) -> b.with(k, typed(v)));
    b.dynamicBatching(dynamicBatching());
    return b.build();
  }

  /** {@code --dynamic-batching-size} and {@code --dynamic-batching-timeout-ms}, or null; a usage error when invalid. */
  private dev.jflow.api.DynamicBatching dynamicBatching() {
    if (batchSize == null) {
      if (batchTimeoutMs != null) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "--dynamic-batching-timeout-ms needs --dynamic-batching-size N (the documents per executor call to aim for)");
      }
      return null;
    }
    dev.jflow.api.DynamicBatching.Builder b = dev.jflow.api.DynamicBatching.builder().preferredBatchSize(batchSize);
    if (batchTimeoutMs != null) {
      b.timeout(java.time.Duration.ofMillis(batchTimeoutMs));
    }
    try {
      return b.build();
    } catch (dev.jflow.api.FlowException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.status().description());
    }
  }

  /** {@code --uses-with} as a map; a usage error when it is not one JSON object. */
  private java.util.Map<String, Object> usesWith() {
    Object parsed;
    try {
      parsed = dev.jflow.api.internal.Json.parse(usesWith);
    } catch (RuntimeException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--uses-with is not JSON: " + e.getMessage());
    }
    if (!(parsed instanceof java.util.Map)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--uses-with must be a JSON object, got: " + usesWith);
    }
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> map = (java.util.Map<String, Object>) parsed;
    return map;
  }

  private static Object typed(String v) {
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return v;
    }
  }
}
