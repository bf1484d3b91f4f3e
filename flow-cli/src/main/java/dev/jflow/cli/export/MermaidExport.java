package dev.jflow.cli.export;

import dev.jflow.api.internal.Mermaid;
import dev.jflow.core.FlowYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jflow export mermaid flow.yml}: prints the Flow as a Mermaid flowchart. */
@Command(name = "mermaid", mixinStandardHelpOptions = true, description = "Print the Flow as a Mermaid flowchart.")
final class MermaidExport implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FLOW_YML", description = "the Flow YAML file")
  Path file;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(file)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "no Flow YAML at " + file + "; give the path of a Flow YAML file");
    }
    spec.commandLine().getOut().print(Mermaid.of(FlowYaml.load(file)));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
