package dev.jflow.cli.export;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jflow export FORM FLOW_YML}: a Flow YAML as a Mermaid chart, a Compose file or Kubernetes manifests. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Export a Flow YAML to another form: mermaid (a chart), compose (Compose and Swarm), kubernetes (manifests).",
    subcommands = {MermaidExport.class, ComposeExport.class, KubernetesExport.class})
public final class ExportCommand implements Callable<Integer> {
  private static final String FORMS = "mermaid, compose, kubernetes";

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  /** What follows when it names no form: reported as an unknown form. */
  @Parameters(arity = "0..*", paramLabel = "FORM", hidden = true, description = "the form: " + FORMS)
  List<String> rest;

  /** The command with no form chosen yet; picocli makes it. */
  public ExportCommand() {}

  /** Reached only without a known form: a usage error naming the forms. */
  @Override
  public Integer call() {
    if (rest == null || rest.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "an export form is required: " + FORMS);
    }
    throw new ParameterException(spec.commandLine(), "unknown export form '" + rest.get(0) + "'; supported: " + FORMS);
  }
}
