package dev.jflow.core.internal.yaml;

import dev.jflow.api.FlowException;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.InspectMode;
import dev.jflow.api.OnErrorStrategy;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Polling;
import dev.jflow.api.Scheduling;
import dev.jflow.api.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes a {@link FlowSpec} as Flow YAML with only what differs from the defaults, so that reading it
 * back gives the same spec. Pods whose executor is a Java factory cannot be written: the error names them.
 */
public final class FlowYamlWriter {
  private FlowYamlWriter() {}

  /** The YAML text of {@code spec}. */
  public static String write(FlowSpec spec) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("jtype", "Flow");
    doc.put("version", "1");
    Map<String, Object> with = new LinkedHashMap<>();
    GatewayConfig g = spec.gateway();
    GatewayConfig d = GatewayConfig.defaults();
    if (!spec.name().equals("flow")) {
      with.put("name", spec.name());
    }
    if (g.protocols().size() > 1) {
      with.put("protocol", g.protocols());
    } else if (g.protocol() != null) {
      with.put("protocol", g.protocol());
    }
    if (!g.host().equals(d.host())) {
      with.put("host", g.host());
    }
    if (!g.ports().stream().allMatch(p -> p == 0)) {
      with.put("port_expose", g.ports().size() > 1 ? g.ports() : g.port());
    }
    if (g.prefetch() != d.prefetch()) {
      with.put("prefetch", g.prefetch());
    }
    if (g.maxStreamBytes() != d.maxStreamBytes()) {
      with.put("max_stream_bytes", g.maxStreamBytes());
    }
    if (g.maxGatewayBytes() != d.maxGatewayBytes()) {
      with.put("max_gateway_bytes", g.maxGatewayBytes());
    }
    if (!g.drainGrace().equals(d.drainGrace())) {
      with.put("drain_grace", g.drainGrace().toMillis());
    }
    if (g.maxTopK() != d.maxTopK()) {
      with.put("max_top_k", g.maxTopK());
    }
    if (g.maxRequestsPerSecond() != 0) {
      with.put("max_requests_per_second", g.maxRequestsPerSecond());
    }
    if (g.burst() != g.maxRequestsPerSecond()) {
      with.put("rate_burst", g.burst());
    }
    if (g.maxMessageSize() != d.maxMessageSize()) {
      with.put("max_message_size", g.maxMessageSize());
    }
    if (spec.timeoutReady().toMillis() != 60_000) {
      with.put("timeout_ready", spec.timeoutReady().toMillis());
    }
    if (spec.inspectMode() != InspectMode.COLLECT) {
      with.put("inspect", spec.inspectMode().name());
    }
    if (spec.onErrorStrategy() != OnErrorStrategy.IGNORE) {
      with.put("on_error_strategy", spec.onErrorStrategy().name());
    }
    Map<String, Object> auth = AuthYaml.write(g.authenticator());
    if (auth != null) {
      with.put(AuthYaml.AUTH, auth);
    }
    if (!spec.workspace().equals(FlowSpec.DEFAULT_WORKSPACE)) {
      with.put("workspace", spec.workspace().toString());
    }
    if (spec.allowReloadPaths()) {
      with.put("allow_reload_paths", true);
    }
    if (g.tls() != null) {
      with.put("tls", TlsYaml.write(g.tls(), "the gateway"));
    }
    if (!with.isEmpty()) {
      doc.put("with", with);
    }
    Map<String, Object> gateway = new LinkedHashMap<>();
    if (g.monitoringPort() != -1) {
      gateway.put(FlowYamlReader.MONITORING_PORT, g.monitoringPort());
    }
    gateway.putAll(options(g));
    if (!gateway.isEmpty()) {
      doc.put("gateway", gateway);
    }
    List<Object> pods = new ArrayList<>();
    String previous = FlowSpec.GATEWAY;
    for (PodSpec p : spec.pods()) {
      pods.add(pod(p, previous));
      previous = p.name();
    }
    doc.put("pods", pods);
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    o.setIndent(2);
    return new Yaml(o).dump(doc);
  }

  /** {@code <transport>.<option>: value} as {@code <transport>: {<option>: value}}; whole numbers written as numbers. */
  private static Map<String, Object> options(GatewayConfig g) {
    Map<String, Object> sections = new java.util.TreeMap<>();
    g.options().forEach((name, value) -> {
      int dot = name.indexOf('.');
      @SuppressWarnings("unchecked")
      Map<String, Object> section = (Map<String, Object>) sections.computeIfAbsent(name.substring(0, dot), t -> new LinkedHashMap<>());
      section.put(name.substring(dot + 1), value.matches("-?(0|[1-9][0-9]{0,17})") ? (Object) Long.parseLong(value) : value);
    });
    return sections;
  }

  private static Map<String, Object> pod(PodSpec p, String previous) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p.name());
    if (p.uses().name() == null) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "pod '" + p.name()
          + "' runs an executor made by Java code, which YAML cannot hold; name it by class instead");
    }
    if (!p.uses().name().equals(PodSpec.PASS)) {
      m.put("uses", p.uses().name());
    }
    if (!p.with().isEmpty()) {
      m.put("uses_with", plain(p.with()));
    }
    if (!p.needs().equals(List.of(previous))) {
      m.put("needs", p.needs().size() == 1 ? p.needs().get(0) : p.needs());
    }
    if (p.replicas() != 1) {
      m.put("replicas", p.replicas());
    }
    if (p.shards() != 1) {
      m.put("shards", p.shards());
    }
    if (!p.pollingByType().isEmpty()) {
      Map<String, Object> polling = new LinkedHashMap<>();
      polling.put("default", p.polling().name());
      p.pollingByType().forEach((t, v) -> polling.put(t.name().toLowerCase(java.util.Locale.ROOT), v.name()));
      m.put("polling", polling);
    } else if (p.polling() != Polling.ANY) {
      m.put("polling", p.polling().name());
    }
    if (p.scheduling() != Scheduling.LOAD_BALANCE) {
      m.put("scheduling", p.scheduling().name());
    }
    if (p.usesBefore() != null) {
      m.put("uses_before", named(p, p.usesBefore()));
    }
    if (p.usesAfter() != null) {
      m.put("uses_after", named(p, p.usesAfter()));
    }
    if (p.tls() != null) {
      m.put("tls", TlsYaml.write(p.tls(), "pod '" + p.name() + "'"));
    }
    if (p.onErrorStrategy() != null) {
      m.put("on_error_strategy", p.onErrorStrategy().name());
    }
    if (p.timeout() != null) {
      m.put("timeout", p.timeout().toMillis());
    }
    if (p.inspect()) {
      m.put("inspect", true);
    }
    if (p.maxQueue() != PodSpec.DEFAULT_MAX_QUEUE) {
      m.put("max_queue", p.maxQueue());
    }
    if (p.maxQueueBytes() != PodSpec.DEFAULT_MAX_QUEUE_BYTES) {
      m.put("max_queue_bytes", p.maxQueueBytes());
    }
    if (p.shardId() != 0) {
      m.put("shard_id", p.shardId());
    }
    AuthYaml.writePodToken(p, m);
    ContainerYaml.write(p, m);
    if (p.dynamicBatching() != null) {
      m.put(DynamicBatchingYaml.KEY, DynamicBatchingYaml.write(p.dynamicBatching()));
    }
    return m;
  }

  private static String named(PodSpec p, dev.jflow.api.ExecutorRef ref) {
    if (ref.name() == null) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "pod '" + p.name()
          + "' has a head or tail made by Java code, which YAML cannot hold; name it by class instead");
    }
    return ref.name();
  }

  /** JsonMap values as plain maps and lists, with whole numbers written as integers. */
  private static Object plain(Object v) {
    if (v instanceof Map) {
      Map<String, Object> m = new LinkedHashMap<>();
      ((Map<?, ?>) v).forEach((k, x) -> m.put(String.valueOf(k), plain(x)));
      return m;
    }
    if (v instanceof List) {
      List<Object> l = new ArrayList<>();
      ((List<?>) v).forEach(x -> l.add(plain(x)));
      return l;
    }
    if (v instanceof Double && ((Double) v) == Math.rint((Double) v) && Math.abs((Double) v) < 1e15) {
      return ((Double) v).longValue();
    }
    return v;
  }
}
