package dev.jflow.cli.image;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jflow image}: container images of jflow; its one subcommand is {@code build}. */
@Command(name = "image", mixinStandardHelpOptions = true, subcommands = ImageBuildCommand.class,
    description = "Container images of jflow: build one FROM scratch that serves your executors (jflow image build --help).")
public final class ImageCommand implements Runnable {
  @Spec
  CommandSpec spec;

  /** Made by picocli. */
  public ImageCommand() {}

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: build");
  }
}
