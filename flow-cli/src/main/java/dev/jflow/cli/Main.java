package dev.jflow.cli;

import dev.jflow.cli.export.ExportCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code jflow} command. Exit status: 0 success, 1 failure, 2 bad usage. */
@Command(name = "jflow", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "JFlow: the Jina Flow model on the JVM.",
    subcommands = {HelloCommand.class, FlowCommand.class, PodCommand.class, ClientCommand.class, PingCommand.class,
        ExportCommand.class, dev.jflow.cli.image.ImageCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  private Main() {}

  @Spec
  CommandSpec spec;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    // remote pods look their names up again to follow a scaled service, but the JVM keeps each answer 30 s
    // by default: keep them 2 s unless the user chose (read once, at the first lookup, so set first)
    if (java.security.Security.getProperty("networkaddress.cache.ttl") == null && System.getProperty("sun.net.inetaddr.ttl") == null) {
      java.security.Security.setProperty("networkaddress.cache.ttl", "2");
    }
    Logging.bridge();
    String level = System.getenv(Logging.LEVEL_VARIABLE);
    if (level != null && !level.isBlank()) {
      try {
        Logging.jflowLevel(Logging.level(level, Logging.LEVEL_VARIABLE));
      } catch (IllegalArgumentException e) {
        System.err.println("jflow: " + e.getMessage());
        System.exit(2);
      }
    }
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** {@code --log-level}, on every command: the level of JFlow's own log lines. */
  @Option(names = "--log-level", paramLabel = "LEVEL", scope = ScopeType.INHERIT,
      description = "the level of JFlow's own log lines (stderr): TRACE, DEBUG, INFO, WARN, ERROR or OFF "
          + "(default: $" + Logging.LEVEL_VARIABLE + ", else INFO); libraries log at WARN")
  void logLevel(String level) {
    try {
      Logging.jflowLevel(Logging.level(level, "--log-level"));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** Runs the command line, printing to {@code out} and {@code err}; returns the exit status. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println("jflow " + line.getCommandName() + ": " + e.getMessage());
      return 1;
    });
    return cl.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(new CommandLine(this), "a command is required: hello, flow, pod, client, ping, export, image");
  }

  /** The version from the jar's manifest, or {@code dev}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"jflow " + (v == null ? "dev" : v)};
    }
  }
}
