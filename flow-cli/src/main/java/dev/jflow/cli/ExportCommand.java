package dev.jflow.cli;

import dev.jflow.api.internal.Mermaid;
import dev.jflow.core.FlowYaml;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jflow export mermaid flow.yml}: prints the Flow as a Mermaid flowchart. */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Export a Flow YAML to another form: mermaid.")
final class ExportCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", description = "the form: mermaid")
  String form;

  @Parameters(index = "1", description = "the Flow YAML file")
  Path file;

  @Override
  public Integer call() {
    if (!form.equals("mermaid")) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "unknown export form '" + form + "'; supported: mermaid");
    }
    spec.commandLine().getOut().print(Mermaid.of(FlowYaml.load(file)));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
