package dev.jflow.cli.export;

import dev.jflow.api.ContainerOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An {@link ExportPlan} as a Compose file (version 3.8) that both {@code docker-compose up} and
 * {@code docker stack deploy} (Swarm) run: a service per exported pod or shard and the {@code gateway},
 * whose Flow YAML is a file secret (docker-compose 1.x ignores {@code configs}; both bind a file secret at an
 * absolute target). Services resolve to every replica's address ({@code endpoint_mode: dnsrr}:
 * the gateway balances per request; a virtual IP would pin a gRPC connection to one replica), and the
 * gateway's port is published on the host (long syntax, {@code mode: host}, which dnsrr needs on Swarm).
 */
final class ComposeFile {
  /** The Compose file's name in the output directory. */
  static final String FILE = "docker-compose.yml";
  /** The gateway's Flow YAML beside it. */
  static final String GATEWAY_FLOW = "flow.gateway.yml";
  private static final String SECRET = "flow_yml_";
  /** How long {@code jflow pod} drains by default (its {@code --drain-grace}). */
  static final long POD_DRAIN_SECONDS = 30;

  private ComposeFile() {}

  /**
   * The Compose file of {@code plan} as plain maps, ready for {@link YamlText}, with every {@code $} in a value
   * written {@code $$}: docker-compose and {@code docker stack deploy} would expand it as a variable.
   */
  static Map<String, Object> of(ExportPlan plan) {
    @SuppressWarnings("unchecked")
    Map<String, Object> doc = (Map<String, Object>) escaped(unescaped(plan));
    return doc;
  }

  private static Map<String, Object> unescaped(ExportPlan plan) {
    Map<String, Object> services = new LinkedHashMap<>();
    Map<String, Object> volumes = new TreeMap<>();
    for (ServicePlan s : plan.services()) {
      services.put(s.name(), service(plan, s, volumes));
    }
    services.put(ExportPlan.GATEWAY, gateway(plan));
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("version", "3.8");
    doc.put("services", services);
    doc.put("secrets", Map.of(secret(plan), Map.of("file", "./" + GATEWAY_FLOW)));
    if (!volumes.isEmpty()) {
      doc.put("volumes", volumes);
    }
    return doc;
  }

  private static Map<String, Object> service(ExportPlan plan, ServicePlan s, Map<String, Object> namedVolumes) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("image", s.image());
    m.put("command", s.command());
    if (!s.env().isEmpty()) {
      m.put("environment", new TreeMap<>(s.env()));
    }
    if (!s.volumes().isEmpty()) {
      m.put("volumes", s.volumes());
      for (String v : s.volumes()) {
        ContainerOptions.Volume volume = ContainerOptions.Volume.parse(v);
        if (volume.isNamed()) {
          namedVolumes.put(volume.source(), new LinkedHashMap<>()); // Compose wants named volumes declared
        }
      }
    }
    Map<String, String> labels = plan.labels(s.pod());
    if (s.shard() >= 0) {
      labels.put("dev.jflow.shard", Integer.toString(s.shard()));
    }
    m.put("labels", labels);
    m.put("healthcheck", healthcheck("grpc", ExportPlan.POD_PORT));
    m.put("stop_grace_period", seconds(POD_DRAIN_SECONDS + 5)); // SIGTERM drains; the default 10 s would cut it
    m.put("deploy", deploy(s.replicas()));
    return m;
  }

  private static Map<String, Object> gateway(ExportPlan plan) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("image", plan.image());
    m.put("command", plan.gatewayCommand());
    Map<String, Object> secret = new LinkedHashMap<>();
    secret.put("source", secret(plan));
    secret.put("target", ExportPlan.GATEWAY_FLOW);
    m.put("secrets", List.of(secret));
    List<Object> ports = new ArrayList<>();
    for (int port : plan.ports()) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("target", port);
      p.put("published", port);
      p.put("protocol", "tcp");
      p.put("mode", "host");
      ports.add(p);
    }
    m.put("ports", ports);
    if (!plan.services().isEmpty()) {
      m.put("depends_on", plan.services().stream().map(ServicePlan::name).toList());
    }
    m.put("labels", plan.labels(ExportPlan.GATEWAY));
    m.put("healthcheck", healthcheck(plan.protocols().get(0), plan.ports().get(0)));
    m.put("stop_grace_period", seconds(plan.drainGrace().getSeconds() + 5));
    m.put("deploy", deploy(1));
    return m;
  }

  /**
   * {@code jflow ping} in the container (the image has no shell). Each check starts a JVM, which took 5 s on
   * a loaded 2-core host: a shorter timeout would make Swarm replace healthy tasks, a shorter interval add load.
   */
  private static Map<String, Object> healthcheck(String protocol, int port) {
    List<String> test = new ArrayList<>(List.of("CMD"));
    test.addAll(ExportPlan.JFLOW_IN_IMAGE);
    test.addAll(ExportPlan.ping(protocol, port));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("test", test);
    m.put("interval", "10s");
    m.put("timeout", "20s");
    m.put("retries", 3);
    m.put("start_period", "60s");
    return m;
  }

  /**
   * The secret's name holds a digest of the gateway's Flow YAML: Swarm cannot change a secret, so a changed
   * Flow is a new secret, and {@code docker stack deploy} of a new export updates the stack.
   */
  static String secret(ExportPlan plan) {
    return SECRET + plan.gatewayYamlDigest().substring(0, 12);
  }

  private static Map<String, Object> deploy(int replicas) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("replicas", replicas);
    m.put("endpoint_mode", "dnsrr");
    return m;
  }

  /** {@code v} with {@code $} as {@code $$} in every string value (not in keys, which name variables, labels and services). */
  static Object escaped(Object v) {
    if (v instanceof String) {
      return ((String) v).replace("$", "$$");
    }
    if (v instanceof Map) {
      // keeps the order of ordered maps; the others (Map.of) are sorted, as YamlText writes them
      Map<Object, Object> m = v instanceof LinkedHashMap ? new LinkedHashMap<>() : new TreeMap<>();
      ((Map<?, ?>) v).forEach((k, x) -> m.put(k, escaped(x)));
      return m;
    }
    if (v instanceof List) {
      return ((List<?>) v).stream().map(ComposeFile::escaped).toList();
    }
    return v;
  }

  private static String seconds(long s) {
    return s + "s";
  }
}
