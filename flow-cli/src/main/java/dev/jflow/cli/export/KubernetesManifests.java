package dev.jflow.cli.export;

import dev.jflow.api.ContainerOptions;
import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An {@link ExportPlan} as Kubernetes manifests: per exported service a Deployment and a headless
 * Service (the gateway resolves every ready pod's address and balances per request; behind a cluster
 * IP a gRPC connection stays on one pod), probes over gRPC health, resource requests, and labels; the
 * gateway's Flow YAML in a ConfigMap, its Deployment and a ClusterIP Service; a kustomization listing
 * every file. Each file holds a list of documents.
 */
final class KubernetesManifests {
  /** The kustomization's file name, which {@code kubectl apply -k DIR} reads. */
  static final String KUSTOMIZATION = "kustomization.yaml";
  static final String NAMESPACE = "namespace.yaml";
  private static final String FLOW_KEY = "flow.yml";
  private static final String POD_PORT_NAME = "grpc";
  /** What gRPC health reports ready only when the Flow is ready; the empty service only that the server runs. */
  private static final String READY_SERVICE = "jina.JinaRPC";

  private final ExportPlan plan;
  private final String namespace;

  private KubernetesManifests(ExportPlan plan, String namespace) {
    this.plan = plan;
    this.namespace = namespace;
  }

  /**
   * The files of {@code plan}, by name, in the order the kustomization lists them; {@code namespace}
   * (or null for the current one) is set on every object and gets a manifest of its own.
   *
   * @throws FlowException INVALID_ARGUMENT when a service's file would clash with another file, or a volume cannot be mapped
   */
  static Map<String, List<Map<String, Object>>> of(ExportPlan plan, String namespace) {
    return new KubernetesManifests(plan, namespace).files();
  }

  private Map<String, List<Map<String, Object>>> files() {
    Map<String, List<Map<String, Object>>> files = new LinkedHashMap<>();
    if (namespace != null) {
      Map<String, Object> ns = new LinkedHashMap<>();
      ns.put("apiVersion", "v1");
      ns.put("kind", "Namespace");
      ns.put("metadata", YamlText.map("name", namespace, "labels", Map.of("app.kubernetes.io/managed-by", "jflow")));
      files.put(NAMESPACE, List.of(ns));
    }
    for (ServicePlan s : plan.services()) {
      String file = s.name() + ".yaml";
      if (file.equals(KUSTOMIZATION) || file.equals(NAMESPACE)) {
        throw new FlowException(Status.Code.INVALID_ARGUMENT, "pod '" + s.pod() + "' would be written to " + file
            + ", which the Kubernetes export needs for itself; rename the pod");
      }
      files.put(file, List.of(podDeployment(s), service(s.name(), "pod", "None", ports(List.of(POD_PORT_NAME),
          List.of(ExportPlan.POD_PORT)))));
    }
    files.put(plan.gateway() + ".yaml", gateway());
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("apiVersion", "kustomize.config.k8s.io/v1beta1");
    k.put("kind", "Kustomization");
    k.put("resources", new ArrayList<>(files.keySet()));
    files.put(KUSTOMIZATION, List.of(k));
    return files;
  }

  private Map<String, Object> podDeployment(ServicePlan s) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", s.name());
    c.put("image", s.image());
    c.put("args", unexpanded(s.command()));
    c.put("ports", ports(List.of(POD_PORT_NAME), List.of(ExportPlan.POD_PORT)));
    if (!s.env().isEmpty()) {
      List<Object> env = new ArrayList<>();
      new TreeMap<>(s.env()).forEach((k, v) -> env.add(YamlText.map("name", k, "value", unexpanded(v))));
      c.put("env", env);
    }
    c.put("startupProbe", probe(grpc(ExportPlan.POD_PORT, null), 2, 60));
    c.put("readinessProbe", probe(grpc(ExportPlan.POD_PORT, READY_SERVICE), 5, 2));
    c.put("livenessProbe", probe(grpc(ExportPlan.POD_PORT, null), 10, 3));
    c.put("resources", resources());
    List<Object> volumes = new ArrayList<>();
    if (!s.volumes().isEmpty()) {
      List<Object> mounts = new ArrayList<>();
      for (int i = 0; i < s.volumes().size(); i++) {
        ContainerOptions.Volume v = ContainerOptions.Volume.parse(s.volumes().get(i));
        String name = "volume-" + i;
        Map<String, Object> mount = new LinkedHashMap<>();
        mount.put("name", name);
        mount.put("mountPath", v.target());
        if (v.readOnly()) {
          mount.put("readOnly", true);
        }
        mounts.add(mount);
        volumes.add(volume(s, name, v));
      }
      c.put("volumeMounts", mounts);
    }
    Map<String, Object> podSpec = new LinkedHashMap<>();
    podSpec.put("terminationGracePeriodSeconds", ComposeFile.POD_DRAIN_SECONDS + 5);
    podSpec.put("containers", List.of(c));
    if (!volumes.isEmpty()) {
      podSpec.put("volumes", volumes);
    }
    return deployment(s.name(), "pod", s.replicas(), podSpec, Map.of());
  }

  /** An absolute host path is a hostPath volume; a named volume is refused, as no claim is written for it. */
  private static Map<String, Object> volume(ServicePlan s, String name, ContainerOptions.Volume v) {
    String source = v.source();
    if (v.isNamed()) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "pod '" + s.pod() + "' mounts the named volume " + source
          + ", but the Kubernetes export writes no PersistentVolumeClaim, so its pods would stay Pending; mount an absolute"
          + " host path instead, or export without it and add a PersistentVolumeClaim and the volume by hand");
    }
    if (v.isRelative()) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "pod '" + s.pod() + "' mounts " + source
          + ", a relative host path, which no Kubernetes node knows; use an absolute path or a named volume (a PersistentVolumeClaim)");
    }
    return YamlText.map("name", name, "hostPath", Map.of("path", source));
  }

  private List<Map<String, Object>> gateway() {
    String yaml = plan.gatewayYaml();
    String configMap = DnsNames.truncate(plan.flow(), DnsNames.MAX - "-gateway".length()) + "-gateway";
    Map<String, Object> cm = new LinkedHashMap<>();
    cm.put("apiVersion", "v1");
    cm.put("kind", "ConfigMap");
    cm.put("metadata", metadata(configMap, labels(plan.gateway(), "gateway")));
    cm.put("data", Map.of(FLOW_KEY, yaml));

    List<String> names = new ArrayList<>();
    for (String protocol : plan.protocols()) {
      String name = protocol.equals("grpc") ? "grpc" : "http";
      names.add(names.contains(name) ? name + names.size() : name);
    }
    List<Integer> ports = plan.ports();
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", ExportPlan.GATEWAY);
    c.put("image", plan.image());
    c.put("args", unexpanded(plan.gatewayCommand()));
    c.put("ports", ports(names, ports));
    String protocol = plan.protocols().get(0);
    int port = ports.get(0);
    if (protocol.equals("grpc")) {
      c.put("startupProbe", probe(grpc(port, null), 2, 60));
      c.put("readinessProbe", probe(grpc(port, READY_SERVICE), 5, 2));
      c.put("livenessProbe", probe(grpc(port, null), 10, 3));
    } else {
      // the restful gateway answers GET /status while it runs, saying whether the Flow is ready; jflow ping reads that
      Map<String, Object> status = Map.of("httpGet", Map.of("path", "/status", "port", port));
      List<String> ping = new ArrayList<>(ExportPlan.JFLOW_IN_IMAGE);
      ping.addAll(ExportPlan.ping(protocol, port));
      c.put("startupProbe", probe(status, 2, 60));
      Map<String, Object> ready = probe(Map.of("exec", Map.of("command", ping)), 15, 2);
      ready.put("timeoutSeconds", 20); // a JVM starts for each check
      c.put("readinessProbe", ready);
      c.put("livenessProbe", probe(status, 10, 3));
    }
    c.put("resources", resources());
    c.put("volumeMounts", List.of(YamlText.map("name", "flow", "mountPath", ExportPlan.GATEWAY_FLOW.substring(0,
        ExportPlan.GATEWAY_FLOW.lastIndexOf('/')), "readOnly", true)));
    Map<String, Object> podSpec = new LinkedHashMap<>();
    podSpec.put("terminationGracePeriodSeconds", plan.drainGrace().getSeconds() + 5);
    podSpec.put("containers", List.of(c));
    podSpec.put("volumes", List.of(YamlText.map("name", "flow", "configMap", YamlText.map("name", configMap,
        "items", List.of(Map.of("key", FLOW_KEY, "path", FLOW_KEY))))));
    // a changed Flow YAML changes the pod template, so that kubectl apply rolls the gateway
    Map<String, String> annotations = Map.of("dev.jflow/flow-yml-sha256", plan.gatewayYamlDigest());
    Map<String, Object> deployment = deployment(plan.gateway(), "gateway", 1, podSpec, annotations);
    return List.of(cm, deployment, service(plan.gateway(), "gateway", null, ports(names, ports)));
  }

  /**
   * {@code args} with every {@code $} written {@code $$}: Kubernetes expands {@code $(VAR)} in args and env
   * values and reads {@code $$} as one {@code $}, so only doubling every one keeps each value as written.
   */
  static List<String> unexpanded(List<String> args) {
    return args.stream().map(KubernetesManifests::unexpanded).toList();
  }

  static String unexpanded(String s) {
    return s.replace("$", "$$");
  }

  private Map<String, Object> deployment(String name, String component, int replicas, Map<String, Object> podSpec,
      Map<String, String> annotations) {
    Map<String, Object> template = new LinkedHashMap<>();
    Map<String, Object> templateMeta = new LinkedHashMap<>();
    templateMeta.put("labels", labels(name, component));
    if (!annotations.isEmpty()) {
      templateMeta.put("annotations", annotations);
    }
    template.put("metadata", templateMeta);
    template.put("spec", podSpec);
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("replicas", replicas);
    spec.put("selector", Map.of("matchLabels", selector(name)));
    spec.put("template", template);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("apiVersion", "apps/v1");
    d.put("kind", "Deployment");
    d.put("metadata", metadata(name, labels(name, component)));
    d.put("spec", spec);
    return d;
  }

  /** A Service selecting {@code name}'s pods; headless when {@code clusterIp} is {@code None}, else ClusterIP. */
  private Map<String, Object> service(String name, String component, String clusterIp, List<Map<String, Object>> containerPorts) {
    List<Object> ports = new ArrayList<>();
    for (Map<String, Object> p : containerPorts) {
      Map<String, Object> port = new LinkedHashMap<>();
      port.put("name", p.get("name"));
      port.put("port", p.get("containerPort"));
      port.put("targetPort", p.get("name"));
      port.put("protocol", "TCP");
      ports.add(port);
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    if (clusterIp != null) {
      spec.put("clusterIP", clusterIp);
    } else {
      spec.put("type", "ClusterIP");
    }
    spec.put("selector", selector(name));
    spec.put("ports", ports);
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("apiVersion", "v1");
    s.put("kind", "Service");
    s.put("metadata", metadata(name, labels(name, component)));
    s.put("spec", spec);
    return s;
  }

  private Map<String, Object> metadata(String name, Map<String, String> labels) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    if (namespace != null) {
      m.put("namespace", namespace);
    }
    m.put("labels", labels);
    return m;
  }

  private Map<String, String> selector(String name) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("app.kubernetes.io/name", name);
    m.put("app.kubernetes.io/part-of", plan.flow());
    return m;
  }

  private Map<String, String> labels(String name, String component) {
    Map<String, String> m = selector(name);
    m.put("app.kubernetes.io/component", component);
    m.put("app.kubernetes.io/managed-by", "jflow");
    return m;
  }

  private static List<Map<String, Object>> ports(List<String> names, List<Integer> ports) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (int i = 0; i < ports.size(); i++) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("name", names.get(i));
      p.put("containerPort", ports.get(i));
      p.put("protocol", "TCP");
      list.add(p);
    }
    return list;
  }

  private static Map<String, Object> grpc(int port, String service) {
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("port", port);
    if (service != null) {
      g.put("service", service);
    }
    return Map.of("grpc", g);
  }

  private static Map<String, Object> probe(Map<String, Object> action, int periodSeconds, int failureThreshold) {
    Map<String, Object> p = new LinkedHashMap<>(action);
    p.put("periodSeconds", periodSeconds);
    p.put("timeoutSeconds", 5);
    p.put("failureThreshold", failureThreshold);
    return p;
  }

  /** Requests that let a scheduler place the pod, and a memory limit that stops one from starving its node. */
  private static Map<String, Object> resources() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("requests", Map.of("cpu", "250m", "memory", "256Mi"));
    r.put("limits", Map.of("memory", "512Mi"));
    return r;
  }
}
