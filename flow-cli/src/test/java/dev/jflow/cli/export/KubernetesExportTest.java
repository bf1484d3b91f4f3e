package dev.jflow.cli.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.ContainerOptions;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.PodSpec;
import dev.jflow.core.FlowYaml;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class KubernetesExportTest {
  /** The manifests of one export: every object by file, read strictly into the model, and the kustomization. */
  private record Export(Map<String, List<HasMetadata>> files, Map<String, Object> kustomization) {
    List<HasMetadata> all() {
      return files.values().stream().flatMap(List::stream).toList();
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
      return all().stream().filter(type::isInstance).map(type::cast).toList();
    }

    Deployment deployment(String name) {
      return all(Deployment.class).stream().filter(d -> d.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }
  }

  private static Export export(Path dir, String flowYaml, String... options) throws IOException {
    Path flow = ExportRun.flowFile(dir, flowYaml);
    Path out = dir.resolve("k8s");
    List<String> args = new ArrayList<>(List.of("kubernetes", flow.toString(), out.toString(), "--image", "registry.example/jflow:1.0"));
    args.addAll(List.of(options));
    ExportRun run = ExportRun.export(args.toArray(String[]::new));
    assertEquals(0, run.status(), run.err());
    Map<String, List<HasMetadata>> files = new LinkedHashMap<>();
    Map<String, Object> kustomization = null;
    try (Stream<Path> list = Files.list(out)) {
      for (Path p : list.sorted().toList()) {
        String name = p.getFileName().toString();
        assertTrue(run.out().lines().anyMatch(l -> l.equals(p.toString())), "prints " + p + ": " + run.out());
        if (name.equals("kustomization.yaml")) {
          kustomization = new Yaml().load(Files.readString(p));
        } else {
          files.put(name, KubernetesModel.read(Files.readString(p), name));
        }
      }
    }
    assertNotNull(kustomization, "kubectl apply -k needs a kustomization.yaml");
    return new Export(files, kustomization);
  }

  @Test
  void aDeploymentAndAHeadlessServicePerPodAndShardWithProbesResourcesAndLabels(@TempDir Path dir) throws IOException {
    Export e = export(dir, ExportRun.FLOW);

    assertEquals(Set.of("search-demo-encoder.yaml", "search-demo-indexer-shard-0.yaml", "search-demo-indexer-shard-1.yaml",
        "search-demo-gateway.yaml"), e.files().keySet(), "every name starts with the Flow's, so that Flows can share a namespace");
    for (String service : List.of("search-demo-encoder", "search-demo-indexer-shard-0", "search-demo-indexer-shard-1")) {
      List<HasMetadata> objects = e.files().get(service + ".yaml");
      assertEquals(List.of("Deployment", "Service"), objects.stream().map(HasMetadata::getKind).toList());
      Service s = (Service) objects.get(1);
      assertEquals("None", s.getSpec().getClusterIP(), "headless: the gateway resolves every pod and balances per request");
      Container c = ((Deployment) objects.get(0)).getSpec().getTemplate().getSpec().getContainers().get(0);
      assertEquals("registry.example/jflow:1.0", c.getImage());
      assertEquals(8081, c.getPorts().get(0).getContainerPort());
      assertEquals("grpc", c.getPorts().get(0).getName());
      assertEquals(8081, c.getReadinessProbe().getGrpc().getPort());
      assertEquals("jina.JinaRPC", c.getReadinessProbe().getGrpc().getService(), "ready only when the pod's executor is");
      assertEquals(8081, c.getLivenessProbe().getGrpc().getPort());
      assertEquals("250m", c.getResources().getRequests().get("cpu").toString());
      assertEquals("256Mi", c.getResources().getRequests().get("memory").toString());
      assertEquals("512Mi", c.getResources().getLimits().get("memory").toString());
      Map<String, String> labels = objects.get(0).getMetadata().getLabels();
      assertEquals(Map.of("app.kubernetes.io/name", service, "app.kubernetes.io/part-of", "search-demo",
          "app.kubernetes.io/component", "pod", "app.kubernetes.io/managed-by", "jflow"), labels);
    }
    Deployment encoder = e.deployment("search-demo-encoder");
    assertEquals(2, encoder.getSpec().getReplicas());
    assertEquals(List.of("pod", "--name", "encoder", "--port-expose", "8081", "--uses", "HashingTextEncoder", "--uses-with",
        "{\"dim\":64}"), encoder.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs());
    assertEquals(1, e.deployment("search-demo-indexer-shard-1").getSpec().getReplicas());
    List<String> shard1 = e.deployment("search-demo-indexer-shard-1").getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
    assertEquals(List.of("--shard-id", "1"), shard1.subList(shard1.size() - 2, shard1.size()), "shard 1's pods serve shard 1");

    Deployment gateway = e.deployment("search-demo-gateway");
    Container g = gateway.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals(List.of("flow", "--uses", "/jflow/flow.yml", "--port-expose", "8080", "--host", "0.0.0.0"), g.getArgs());
    assertEquals(8080, g.getReadinessProbe().getGrpc().getPort());
    Service gatewayService = (Service) e.files().get("search-demo-gateway.yaml").stream().filter(o -> o instanceof Service).findFirst().orElseThrow();
    assertEquals("ClusterIP", gatewayService.getSpec().getType());
    assertEquals(8080, gatewayService.getSpec().getPorts().get(0).getPort());
    consistent(e);
  }

  @Test
  void aNamespaceIsSetOnEveryObjectAndGetsAManifest(@TempDir Path dir) throws IOException {
    Export e = export(dir, ExportRun.FLOW, "--namespace", "search");
    assertTrue(e.files().containsKey("namespace.yaml"));
    assertEquals("search", e.files().get("namespace.yaml").get(0).getMetadata().getName());
    for (HasMetadata o : e.all()) {
      if (!o.getKind().equals("Namespace")) {
        assertEquals("search", o.getMetadata().getNamespace(), o.getKind() + " " + o.getMetadata().getName());
      }
    }
    assertEquals("namespace.yaml", ((List<?>) e.kustomization().get("resources")).get(0), "the namespace first");
    consistent(e);

    Export none = export(Files.createDirectories(dir.resolve("none")), ExportRun.FLOW);
    assertFalse(none.files().containsKey("namespace.yaml"));
    assertTrue(none.all().stream().allMatch(o -> o.getMetadata().getNamespace() == null), "kubectl's namespace");
  }

  @Test
  void aRestfulGatewayIsProbedOverHttp(@TempDir Path dir) throws IOException {
    Export e = export(dir, "jtype: Flow\nwith:\n  protocol: websocket\n  port_expose: 45678\npods:\n"
        + "  - name: encoder\n    uses: HashingTextEncoder\n");
    Container g = e.deployment("flow-gateway").getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals("/status", g.getLivenessProbe().getHttpGet().getPath());
    assertEquals(45678, g.getLivenessProbe().getHttpGet().getPort().getIntVal());
    List<String> ping = g.getReadinessProbe().getExec().getCommand();
    assertEquals(List.of("ping", "--host", "127.0.0.1", "--port-expose", "45678", "--protocol", "websocket"),
        ping.subList(ping.size() - 7, ping.size()), "ready when the Flow is, which /status says in its body only");
    assertEquals("http", g.getPorts().get(0).getName());
    consistent(e);
  }

  @Test
  void aDockerPodRunsItsImageWithItsEnvironmentAndVolumes() {
    ContainerOptions c = ContainerOptions.builder().usesInternal("OcrExecutor").env("LANG", "en").volume("/srv/models:/models:ro")
        .volume("/srv/cache:/cache").build();
    FlowSpec spec = Flow.builder().name("ocr").add(PodSpec.builder("ocr").uses("docker://acme/ocr:1.2").container(c).replicas(2)
        .build()).spec();
    List<HasMetadata> objects = KubernetesModel.read(YamlText.all(KubernetesManifests.of(ExportPlan.of(spec, "jflow:1.0", 8080, true), null)
        .get("ocr-ocr.yaml")), "ocr-ocr.yaml");
    Deployment d = (Deployment) objects.get(0);
    Container ocr = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals("acme/ocr:1.2", ocr.getImage());
    assertEquals(List.of("pod", "--name", "ocr", "--port-expose", "8081", "--uses", "OcrExecutor"), ocr.getArgs());
    assertEquals("en", ocr.getEnv().get(0).getValue());
    assertEquals(List.of("/models", "/cache"), ocr.getVolumeMounts().stream().map(VolumeMount::getMountPath).toList());
    assertEquals(Boolean.TRUE, ocr.getVolumeMounts().get(0).getReadOnly());
    List<Volume> volumes = d.getSpec().getTemplate().getSpec().getVolumes();
    assertEquals("/srv/models", volumes.get(0).getHostPath().getPath());
    assertEquals("/srv/cache", volumes.get(1).getHostPath().getPath());

    FlowSpec named = Flow.builder().add(PodSpec.builder("ocr").uses("docker://acme/ocr")
        .container(ContainerOptions.builder().volume("ocr-models:/models").build()).build()).spec();
    FlowException n = assertThrows(FlowException.class, () -> KubernetesManifests.of(ExportPlan.of(named, "jflow:1.0", 8080, true), null));
    assertTrue(n.getMessage().contains("pod 'ocr' mounts the named volume ocr-models") && n.getMessage().contains("PersistentVolumeClaim"),
        n.getMessage());

    FlowSpec relative = Flow.builder().add(PodSpec.builder("ocr").uses("docker://acme/ocr")
        .container(ContainerOptions.builder().volume("./data:/data").build()).build()).spec();
    FlowException e = assertThrows(FlowException.class,
        () -> KubernetesManifests.of(ExportPlan.of(relative, "jflow:1.0", 8080), null));
    assertTrue(e.getMessage().contains("pod 'ocr' mounts ./data, a relative host path"), e.getMessage());
  }

  @Test
  void twoFlowsInOneNamespaceShareNoObjectName(@TempDir Path dir) throws IOException {
    String pods = "pods:\n  - name: encoder\n    uses: HashingTextEncoder\n";
    Export a = export(Files.createDirectories(dir.resolve("a")), "jtype: Flow\nwith:\n  name: shop\n" + pods, "--namespace", "n");
    Export b = export(Files.createDirectories(dir.resolve("b")), "jtype: Flow\nwith:\n  name: docs\n" + pods, "--namespace", "n");
    Set<String> names = new HashSet<>();
    for (HasMetadata o : Stream.concat(a.all().stream(), b.all().stream()).toList()) {
      if (!o.getKind().equals("Namespace")) {
        assertTrue(names.add(o.getKind() + "/" + o.getMetadata().getName()), "both Flows write " + o.getKind() + " "
            + o.getMetadata().getName());
      }
    }
    consistent(a);
    consistent(b);
  }

  @Test
  void argumentsAndEnvironmentReachThePodUnexpanded() {
    FlowSpec spec = Flow.builder().name("grep").add(PodSpec.builder("grep").uses("docker://acme/grep:1")
        .container(ContainerOptions.builder().env("PATTERN", "$(HOME)").env("PASSWORD", "p$$w").build()).with("re", "$(x)")
        .with("literal", "$$(X)").build()).spec();
    Container c = ((Deployment) KubernetesModel.read(YamlText.all(KubernetesManifests.of(ExportPlan.of(spec, "jflow:1.0", 8080, true),
        null).get("grep-grep.yaml")), "grep-grep.yaml").get(0)).getSpec().getTemplate().getSpec().getContainers().get(0);
    // Kubernetes reads $$ as $ and expands $(VAR): every $ doubled keeps each value as written
    assertTrue(c.getArgs().stream().anyMatch(a -> a.contains("\"re\":\"$$(x)\"") && a.contains("\"literal\":\"$$$$(X)\"")),
        "args: " + c.getArgs());
    java.util.Map<String, String> env = new java.util.HashMap<>();
    c.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
    assertEquals("$$(HOME)", env.get("PATTERN"));
    assertEquals("p$$$$w", env.get("PASSWORD"));
  }

  @Test
  void theStrictReadingFailsOnAFieldKubernetesDoesNotKnow() {
    String deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  replicas: 2\n"
        + "  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n"
        + "    spec: {containers: [{name: x, image: y, readinessProbe: {}}]}\n";
    assertEquals(1, KubernetesModel.read(deployment, "ok.yaml").size());
    AssertionError e = assertThrows(AssertionError.class, () -> KubernetesModel.read(deployment.replace("replicas:", "replica:"), "typo.yaml"));
    assertTrue(e.getMessage().contains("Deployment.spec has fields Kubernetes does not know: [replica]"), e.getMessage());
    AssertionError deep = assertThrows(AssertionError.class,
        () -> KubernetesModel.read(deployment.replace("readinessProbe", "readinesProbe"), "typo.yaml"));
    assertTrue(deep.getMessage().contains("containers[0] has fields Kubernetes does not know: [readinesProbe]"), deep.getMessage());
  }

  /** The checks a cluster would make when the objects meet: selectors, ports, probes, the ConfigMap, the kustomization. */
  private static void consistent(Export e) {
    List<Deployment> deployments = e.all(Deployment.class);
    String namespace = null;
    for (Deployment d : deployments) {
      Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
      assertTrue(podLabels.entrySet().containsAll(d.getSpec().getSelector().getMatchLabels().entrySet()),
          d.getMetadata().getName() + " selects its own pods");
      namespace = d.getMetadata().getNamespace();
      Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
      for (Probe p : Stream.of(c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe()).filter(p -> p != null).toList()) {
        assertTrue(ports(c).contains(probePort(p)), d.getMetadata().getName() + "'s probe on " + probePort(p) + " not in " + ports(c));
      }
    }
    for (Service s : e.all(Service.class)) {
      List<Deployment> selected = deployments.stream().filter(d -> d.getSpec().getTemplate().getMetadata().getLabels().entrySet()
          .containsAll(s.getSpec().getSelector().entrySet())).toList();
      assertEquals(1, selected.size(), "Service " + s.getMetadata().getName() + " selects exactly one Deployment's pods");
      Container c = selected.get(0).getSpec().getTemplate().getSpec().getContainers().get(0);
      for (ServicePort p : s.getSpec().getPorts()) {
        ContainerPort target = c.getPorts().stream().filter(cp -> matches(p.getTargetPort(), cp)).findFirst()
            .orElseThrow(() -> new AssertionError("Service " + s.getMetadata().getName() + " targets " + p.getTargetPort()
                + ", which its pods do not serve"));
        assertEquals(target.getContainerPort(), p.getPort());
      }
    }
    ConfigMap cm = e.all(ConfigMap.class).get(0);
    Deployment gateway = deployments.stream().filter(d -> d.getMetadata().getLabels().get("app.kubernetes.io/component").equals("gateway"))
        .findFirst().orElseThrow();
    String flow = gateway.getMetadata().getLabels().get("app.kubernetes.io/part-of");
    for (HasMetadata o : e.all()) {
      if (!o.getKind().equals("Namespace")) {
        assertTrue(o.getMetadata().getName().startsWith(flow + "-"), o.getKind() + " " + o.getMetadata().getName()
            + " is named after its Flow " + flow);
      }
    }
    Volume flowVolume = gateway.getSpec().getTemplate().getSpec().getVolumes().get(0);
    assertEquals(cm.getMetadata().getName(), flowVolume.getConfigMap().getName());
    Container g = gateway.getSpec().getTemplate().getSpec().getContainers().get(0);
    VolumeMount mount = g.getVolumeMounts().get(0);
    assertEquals(flowVolume.getName(), mount.getName());
    String file = mount.getMountPath() + "/" + flowVolume.getConfigMap().getItems().get(0).getPath();
    assertEquals(file, g.getArgs().get(g.getArgs().indexOf("--uses") + 1), "the gateway reads the mounted Flow");
    FlowSpec served = FlowYaml.parse(cm.getData().get(flowVolume.getConfigMap().getItems().get(0).getKey()), "ConfigMap", Path.of("."));
    Set<String> services = new HashSet<>();
    e.all(Service.class).forEach(s -> services.add(s.getMetadata().getName()));
    for (PodSpec p : served.pods()) {
      String uses = p.uses().name();
      if (uses.startsWith("grpc://")) {
        for (int shard = 0; shard < p.shards(); shard++) {
          String host = uses.substring("grpc://".length(), uses.lastIndexOf(':')).replace("{shard}", Integer.toString(shard));
          assertTrue(services.contains(host), p.name() + " reaches " + host + ", which no Service names: " + services);
          assertEquals(":8081", uses.substring(uses.lastIndexOf(':')));
        }
      }
    }
    assertEquals(ports(g).get(0), served.gateway().port(), "the gateway serves where its container port says");
    Set<String> listed = new HashSet<>();
    ((List<?>) e.kustomization().get("resources")).forEach(r -> listed.add((String) r));
    assertEquals(e.files().keySet(), listed, "the kustomization lists every file");
    for (HasMetadata o : e.all()) {
      if (!o.getKind().equals("Namespace")) {
        assertEquals(namespace, o.getMetadata().getNamespace(), "one namespace for all");
      }
    }
  }

  private static List<Integer> ports(Container c) {
    return c.getPorts().stream().map(ContainerPort::getContainerPort).toList();
  }

  private static int probePort(Probe p) {
    if (p.getGrpc() != null) {
      return p.getGrpc().getPort();
    }
    if (p.getHttpGet() != null) {
      return p.getHttpGet().getPort().getIntVal();
    }
    List<String> command = p.getExec().getCommand();
    return Integer.parseInt(command.get(command.indexOf("--port-expose") + 1));
  }

  private static boolean matches(IntOrString target, ContainerPort port) {
    return target.getStrVal() != null ? target.getStrVal().equals(port.getName()) : target.getIntVal().equals(port.getContainerPort());
  }
}
