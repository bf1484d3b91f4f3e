package dev.jflow.cli.export;

import dev.jflow.api.FlowSpec;
import dev.jflow.core.FlowYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options of the engine exports: {@code --image} and {@code --port}; and reading the Flow into a plan. */
final class ExportOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(names = "--image", paramLabel = "IMAGE",
      description = "the jflow image the gateway and the pods run, e.g. one `jflow image build` made (default: " + "${DEFAULT-VALUE})")
  String image = DefaultImage.NAME;

  @Option(names = "--port", paramLabel = "PORT",
      description = "the gateway's port, inside its container and published (default: the Flow YAML's port_expose, else 8080)")
  Integer port;

  /** The plan of the Flow YAML {@code file}; a usage error when it is missing or an option is bad. */
  ExportPlan plan(Path file) {
    return plan(file, false);
  }

  /** As {@link #plan(Path)}; when {@code byFlow}, every service name starts with the Flow's name (see {@link ExportPlan#of}). */
  ExportPlan plan(Path file, boolean byFlow) {
    if (!Files.isRegularFile(file)) {
      throw new ParameterException(command.commandLine(), "no Flow YAML at " + file + "; give the path of a Flow YAML file");
    }
    if (port != null && (port < 1 || port > 65535)) {
      throw new ParameterException(command.commandLine(), "--port must be 1 to 65535, got " + port);
    }
    if (image.isBlank()) {
      throw new ParameterException(command.commandLine(), "--image must name an image, e.g. jflow:1.0 or registry.example/jflow:1.0");
    }
    FlowSpec spec = FlowYaml.load(file);
    int p = port != null ? port : spec.gateway().port() != 0 ? spec.gateway().port() : 8080;
    return ExportPlan.of(spec, image, p, byFlow);
  }
}
