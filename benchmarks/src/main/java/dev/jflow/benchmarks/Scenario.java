package dev.jflow.benchmarks;

import java.io.PrintStream;
import java.util.List;

/**
 * Runs one scenario of the suite in this JVM and prints its progress, then its {@link Row}s and
 * {@link Verdict}s as tagged lines ({@link Suite} starts one such JVM per scenario and collects them).
 *
 * <pre>
 * java -Xms1g -Xmx1g --add-modules=jdk.incubator.vector -cp benchmarks/target/benchmarks.jar dev.jflow.benchmarks.Scenario S1|...|S11|T1 [--quick]
 * </pre>
 */
public final class Scenario {
  /** Every scenario, in the order the suite runs them. */
  static final List<String> ALL = List.of("S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9", "S10", "S11", "T1");

  private Scenario() {}

  /** {@code Scenario <S1..S11|T1> [--quick]}: {@code --quick} runs a tiny version (for smoke tests). */
  public static void main(String[] args) throws Exception {
    if (args.length == 0 || !ALL.contains(args[0])) {
      System.err.println("usage: Scenario S1|S2|...|S11|T1 [--quick]");
      System.exit(2);
    }
    boolean quick = List.of(args).contains("--quick");
    run(args[0], quick, System.out);
    System.out.flush();
    System.exit(0); // Tyrus and gRPC client threads must not keep the JVM up
  }

  /** Runs {@code scenario}, printing to {@code out}. */
  static void run(String scenario, boolean quick, PrintStream out) throws Exception {
    switch (scenario) {
      case "S7":
        new Lifecycle(quick, out).run();
        break;
      case "S8":
        new VectorSearch(quick, out).run();
        break;
      case "S9":
        new Backpressure(quick, out).run();
        break;
      case "S10":
        new HnswSearch(quick, out).run();
        break;
      case "S11":
        new BatchingLoad(quick, out).run();
        break;
      default:
        new Throughput(scenario, quick, out).run();
    }
  }

  /** How long the suite lets a scenario's JVM run: 300 s (120 s with {@code --quick}); S10, which builds an HNSW graph of 100,000 vectors, 900 s. */
  static int timeoutSeconds(String scenario, boolean quick) {
    return quick ? 120 : scenario.equals("S10") ? 900 : 300;
  }

  /** The JVM options a scenario's own JVM (the client side) runs with. */
  static List<String> jvmOptions(String scenario, boolean quick) {
    switch (scenario) {
      case "S8":
        return quick ? List.of("-Xmx512m") : List.of("-Xms3g", "-Xmx3g");
      case "S9":
        return List.of("-Xms64m", "-Xmx256m");
      case "S10":
        return quick ? List.of("-Xmx512m") : List.of("-Xms3g", "-Xmx3g");
      default:
        return List.of("-Xms1g", "-Xmx1g");
    }
  }
}
