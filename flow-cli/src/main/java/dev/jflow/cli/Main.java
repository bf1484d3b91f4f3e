package dev.jflow.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jflow} command. Exit status: 0 success, 1 failure, 2 bad usage. */
@Command(name = "jflow", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "JFlow: the Jina Flow model on the JVM.",
    subcommands = {HelloCommand.class, FlowCommand.class, PodCommand.class, ClientCommand.class, PingCommand.class,
        ExportCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  private Main() {}

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
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
    throw new CommandLine.ParameterException(new CommandLine(this), "a command is required: hello, flow, pod, client, ping, export");
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
