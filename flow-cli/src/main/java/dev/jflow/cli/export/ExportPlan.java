package dev.jflow.cli.export;

import dev.jflow.api.ContainerOptions;
import dev.jflow.api.FlowException;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Status;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What runs where when a Flow is exported to an engine, shared by the Compose and the Kubernetes export.
 * A pod whose executor is a class, one of ours or an executor YAML becomes a service of the jflow image
 * running {@code jflow pod}; a {@code docker://IMAGE} pod a service of that image; a pod with N > 1
 * shards N services {@code <name>-shard-<i>}, the i-th serving shard i ({@code jflow pod --shard-id i}). Built-in executors ({@code _pass}, {@code _merge}...),
 * {@code grpc://} pods, inspect pods and every pod's head and tail ({@code uses_before}, {@code uses_after})
 * stay in the gateway, whose Flow is the same Flow with the exported pods' {@code uses} rewritten to
 * their services' addresses.
 */
final class ExportPlan {
  /** The port every exported pod serves on inside its container (gRPC). */
  static final int POD_PORT = dev.jflow.core.PodCommandLine.PORT;
  /** The gateway's service name. */
  static final String GATEWAY = "gateway";
  /** The gateway's Flow YAML inside its container. */
  static final String GATEWAY_FLOW = "/jflow/flow.yml";
  /**
   * The {@code jflow} command inside a jflow image, for health checks (the image has no shell): its
   * entry point with a small heap, so that a check costs little.
   */
  static final List<String> JFLOW_IN_IMAGE = dev.jflow.cli.image.ImageContext.command(List.of("-XX:+UseSerialGC",
      "-XX:TieredStopAtLevel=1", "-Xmx64m", "-XX:-UsePerfData"));
  /** The protocols a gateway may speak when exported: both reach the network. */
  static final Set<String> PROTOCOLS = Set.of("grpc", "websocket");

  private final String flow;
  private final String gateway;
  private final List<ServicePlan> services;
  private final FlowSpec gatewayFlow;
  private final String gatewayYaml;
  private final List<String> protocols;
  private final String image;

  private ExportPlan(String flow, String gateway, List<ServicePlan> services, FlowSpec gatewayFlow, List<String> protocols,
      String image) {
    this.flow = flow;
    this.gateway = gateway;
    this.services = List.copyOf(services);
    this.gatewayFlow = gatewayFlow;
    this.gatewayYaml = dev.jflow.core.FlowYaml.dump(gatewayFlow);
    this.protocols = List.copyOf(protocols);
    this.image = image;
  }

  /**
   * The plan of {@code spec}, whose services run {@code image} (unless docker:// pods name their own) and
   * whose gateway serves on {@code port} (its first port, when it speaks several protocols).
   *
   * @throws FlowException INVALID_ARGUMENT when the Flow cannot be exported, saying why
   */
  static ExportPlan of(FlowSpec spec, String image, int port) {
    return of(spec, image, port, false);
  }

  /**
   * As {@link #of(FlowSpec, String, int)}; when {@code byFlow}, every service name (the gateway's too) starts with the
   * Flow's name as a DNS label and '-' ({@code <flow>-gateway}, {@code <flow>-<pod>}), so that two Flows can share a
   * namespace (Kubernetes; a Compose project keeps its names apart by itself).
   */
  static ExportPlan of(FlowSpec spec, String image, int port, boolean byFlow) {
    String flow = DnsNames.label(spec.name());
    String prefix = byFlow ? flow + "-" : "";
    GatewayConfig g = spec.gateway();
    if (g.tls() != null) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "the gateway of Flow '" + spec.name() + "' serves TLS with files on"
          + " this machine, which the export does not carry into containers; remove its tls and terminate TLS in front of it");
    }
    if (!g.authenticator().equals(dev.jflow.api.spi.Authenticator.anonymous())) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "the gateway of Flow '" + spec.name() + "' reads its auth tokens"
          + " (with: auth: data_tokens_file/_env, admin_tokens_file/_env) from files or variables of this machine, which the export"
          + " does not carry into containers; remove auth from the Flow YAML, export, then add the tokens to the gateway service"
          + " by hand (as a Compose secret, or a Kubernetes Secret) and put auth back in its Flow YAML");
    }
    for (PodSpec p : spec.pods()) {
      hostOnly(p);
    }
    List<String> protocols = g.protocols().isEmpty() ? List.of("grpc") : g.protocols(); // the image's highest priority
    for (String p : protocols) {
      if (!PROTOCOLS.contains(p)) {
        throw new FlowException(Status.Code.INVALID_ARGUMENT, "the gateway of Flow '" + spec.name() + "' speaks " + p
            + ", which an exported gateway cannot serve; use " + new java.util.TreeSet<>(PROTOCOLS));
      }
    }
    DnsNames names = new DnsNames();
    String gateway = names.claim(DnsNames.truncate(prefix + GATEWAY, DnsNames.MAX), "the gateway");
    List<ServicePlan> services = new ArrayList<>();
    List<PodSpec> gatewayPods = new ArrayList<>();
    for (PodSpec p : spec.pods()) {
      if (!exported(p)) {
        gatewayPods.add(p);
        continue;
      }
      String base = DnsNames.truncate(prefix + DnsNames.label(p.name()), DnsNames.MAX);
      String address;
      if (p.shards() == 1) {
        services.add(service(p, names.claim(base, "pod '" + p.name() + "'"), -1, image));
        address = base;
      } else {
        String shortBase = DnsNames.truncate(base, DnsNames.MAX - ("-shard-" + (p.shards() - 1)).length());
        for (int i = 0; i < p.shards(); i++) {
          String name = shortBase + "-shard-" + i;
          services.add(service(p, names.claim(name, "pod '" + p.name() + "' shard " + i), i, image));
        }
        address = shortBase + "-shard-{shard}"; // flow-core puts the shard's index in place of {shard}
      }
      PodSpec.Builder remote = p.toBuilder().uses("grpc://" + address + ":" + POD_PORT).container(ContainerOptions.none())
          // the gateway batches (its pod keeps dynamic_batching) and sends each batch as one request: it hands the
          // service one request at a time, so a batcher in the service would never see two waiting
          .shardId(0); // the service serves the shard
      if (!p.with().containsKey("remote_ready_ms")) {
        // the gateway starts with its pods, which load their executors: wait for them as long as the Flow waits for any pod
        remote.with("remote_ready_ms", spec.timeoutReady().toMillis());
      }
      gatewayPods.add(remote.build());
    }
    List<Integer> ports = ports(g, protocols, port);
    GatewayConfig served = g.toBuilder().host("0.0.0.0").ports(ports).build();
    FlowSpec gatewayFlow = spec.toBuilder().gateway(served).pods(gatewayPods).build();
    return new ExportPlan(flow, gateway, services, gatewayFlow, protocols, image);
  }

  /** Refuses what {@code p} reads from this machine when its Flow starts: its token's file or variable, its TLS files. */
  private static void hostOnly(PodSpec p) {
    if (p.token() != null) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "pod '" + p.name() + "' sends a token read from "
          + p.token().source() + " (token_file/token_env) on this machine, which the export does not carry into containers;"
          + " remove it from the Flow YAML, export, then add it to the gateway service by hand (as a Compose secret, or a"
          + " Kubernetes Secret) and put token_file/token_env back in its Flow YAML");
    }
    if (p.tls() != null) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "pod '" + p.name() + "' reaches its remote pod over TLS with"
          + " files on this machine (tls), which the export does not carry into containers; remove its tls, export, then"
          + " add the files to the gateway service by hand (as Compose secrets, or a Kubernetes Secret) and put tls back in"
          + " its Flow YAML");
    }
  }

  /** Whether {@code p} runs in containers of its own: a class or standard executor, or a docker:// image. */
  static boolean exported(PodSpec p) {
    String uses = p.uses().name();
    if (uses == null) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "pod '" + p.name()
          + "' runs an executor made by Java code, which cannot be exported; name it by class instead");
    }
    return !p.inspect() && !uses.startsWith("_") && (!uses.contains("://") || p.isContainerized());
  }

  private static ServicePlan service(PodSpec p, String name, int shard, String jflowImage) {
    String image = jflowImage;
    ContainerOptions c = p.container();
    dev.jflow.core.PodCommandLine.Builder command = dev.jflow.core.PodCommandLine.builder(p.name()).with(p.with());
    if (p.isContainerized()) {
      image = p.uses().name().substring(PodSpec.DOCKER_SCHEME.length());
      command.uses(c.usesInternal());
    } else {
      command.uses(p.uses().name());
    }
    if (shard >= 0 || p.shardId() != 0) {
      // its executor loads its part of a dump and keeps its own workspace
      command.shardId(shard >= 0 ? shard : p.shardId());
    }
    return new ServicePlan(name, p.name(), shard, image, command.build().args(), c.env(), c.volumes(), p.replicas());
  }

  /** The gateway's ports: {@code port} first; a further protocol's port is the YAML's, else the next one up. */
  private static List<Integer> ports(GatewayConfig g, List<String> protocols, int port) {
    List<Integer> ports = new ArrayList<>(List.of(port));
    List<Integer> yaml = g.ports();
    for (int i = 1; i < protocols.size(); i++) {
      int p = i < yaml.size() && yaml.get(i) != 0 ? yaml.get(i) : port + i;
      ports.add(p);
    }
    Set<Integer> distinct = new LinkedHashSet<>(ports);
    if (distinct.size() < ports.size() || ports.stream().anyMatch(p -> p < 1 || p > 65535)) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "the gateway's ports " + ports + " for " + protocols
          + " must be distinct ports from 1 to 65535; set port_expose in the Flow YAML, one per protocol");
    }
    return ports;
  }

  /** The Flow's name as a DNS label (labels, the ConfigMap's name). */
  String flow() {
    return flow;
  }

  /** The gateway's service name: {@code gateway}, or {@code <flow>-gateway} when the names start with the Flow's. */
  String gateway() {
    return gateway;
  }

  /** The exported services, in the order of their pods (and shards). */
  List<ServicePlan> services() {
    return services;
  }

  /** The gateway's Flow: the exported pods reached at their services, served on {@link #ports()} of every interface. */
  FlowSpec gatewayFlow() {
    return gatewayFlow;
  }

  /** The gateway's Flow as YAML. */
  String gatewayYaml() {
    return gatewayYaml;
  }

  /** The SHA-256 of {@link #gatewayYaml()} in hex: what changes when the gateway's Flow does. */
  String gatewayYamlDigest() {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(gatewayYaml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** The gateway's protocols, one port each; {@code grpc} when the Flow names none (what the image serves then). */
  List<String> protocols() {
    return protocols;
  }

  /** The gateway's ports, one per protocol; the first is the one the Flow is used through. */
  List<Integer> ports() {
    return gatewayFlow.gateway().ports();
  }

  /** The jflow image: the gateway's, and that of every service not from a docker:// pod. */
  String image() {
    return image;
  }

  /** How long the gateway may drain when stopped (the Flow's drain grace). */
  java.time.Duration drainGrace() {
    return gatewayFlow.gateway().drainGrace();
  }

  /** The gateway's command line (the image's entry point is {@code jflow}). */
  List<String> gatewayCommand() {
    String ports = String.join(",", ports().stream().map(String::valueOf).toList());
    return List.of("flow", "--uses", GATEWAY_FLOW, "--port-expose", ports, "--host", "0.0.0.0");
  }

  /** The {@code jflow ping} arguments that ask the server on {@code port} speaking {@code protocol} inside a container whether it is ready. */
  static List<String> ping(String protocol, int port) {
    List<String> args = new ArrayList<>(List.of("ping", "--host", "127.0.0.1", "--port-expose", Integer.toString(port)));
    if (!protocol.equals("grpc")) {
      args.addAll(List.of("--protocol", protocol));
    }
    return args;
  }

  /** Labels naming the Flow and the pod ({@code dev.jflow.flow}, {@code dev.jflow.pod}). */
  Map<String, String> labels(String pod) {
    Map<String, String> labels = new java.util.LinkedHashMap<>();
    labels.put("dev.jflow.flow", gatewayFlow.name());
    labels.put("dev.jflow.pod", pod);
    return labels;
  }
}
