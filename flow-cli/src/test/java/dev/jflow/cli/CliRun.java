package dev.jflow.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** What one {@code jflow} command run in this JVM left: its exit status and what it printed. */
record CliRun(int status, String out, String err) {

  /** Runs {@code jflow args...} in this JVM, to the end. */
  static CliRun jflow(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliRun(status, out.toString(), err.toString());
  }
}
