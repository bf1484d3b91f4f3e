package dev.jflow.cli;

import java.io.PrintStream;
import java.util.Arrays;

/** The {@code jflow} command: dispatches to its sub-commands. */
public final class Main {
  static final String USAGE = String.join("\n",
      "usage: jflow <command> [options]",
      "",
      "commands:",
      "  hello     index a small text corpus and search it, in one process",
      "  pod       serve one executor as a remote pod (until stopped)",
      "  version   print the JFlow version",
      "  help      print this help",
      "",
      "run 'jflow <command> --help' for a command's options");

  private Main() {}

  /** Runs the command and exits with its status: 0 success, 1 failure, 2 bad usage. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command, printing to {@code out} and {@code err}; returns the exit status. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.println(USAGE);
      return 2;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "hello":
        return new HelloCommand(out, err).run(rest);
      case "pod":
        return new PodCommand(out, err).run(rest);
      case "version":
      case "--version":
        out.println("jflow " + version());
        return 0;
      case "help":
      case "--help":
      case "-h":
        out.println(USAGE);
        return 0;
      default:
        err.println("jflow: unknown command '" + args[0] + "'\n\n" + USAGE);
        return 2;
    }
  }

  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
