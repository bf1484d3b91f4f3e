package dev.jflow.cli.export;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jflow export kubernetes flow.yml DIR}: Kubernetes manifests, applied with {@code kubectl apply -k DIR}. */
@Command(name = "kubernetes", aliases = "k8s", mixinStandardHelpOptions = true,
    header = "Write Kubernetes manifests for kubectl apply -k DIR.",
    description = {"Write Kubernetes manifests into DIR: per pod (per shard when sharded) a",
        "Deployment and a headless Service (the gateway balances per request over the",
        "pods' addresses), with gRPC health probes and resource requests; the",
        "gateway's Flow YAML in a ConfigMap, its Deployment and a ClusterIP Service",
        "on PORT; and a kustomization.yaml listing them: kubectl apply -k DIR.",
        "Every object's name starts with the Flow's name (<flow>-gateway, <flow>-<pod>),",
        "so that several Flows can share a namespace. Named volumes are refused (no",
        "PersistentVolumeClaim is written): mount absolute host paths, or add claims by hand."})
final class KubernetesExport implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FLOW_YML", description = "the Flow YAML file")
  Path file;

  @Parameters(index = "1", paramLabel = "DIR", description = "where to write the manifests (made when missing)")
  Path out;

  @Option(names = "--namespace", paramLabel = "NS",
      description = "the namespace of every object, with a Namespace manifest (default: none, kubectl's current one)")
  String namespace;

  @Mixin
  ExportOptions options = new ExportOptions();

  @Override
  public Integer call() {
    if (namespace != null && !DnsNames.isLabel(namespace)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--namespace must be a DNS label (lower case letters, "
          + "digits and '-', starting with a letter, at most 63), got '" + namespace + "'");
    }
    ExportPlan plan = options.plan(file, true); // <flow>-gateway, <flow>-<pod>: two Flows may share a namespace
    Map<String, String> files = new LinkedHashMap<>();
    KubernetesManifests.of(plan, namespace).forEach((name, docs) -> files.put(name, YamlText.all(docs)));
    ExportFiles.write(out, files, spec.commandLine().getOut());
    return 0;
  }
}
