package dev.jflow.api.archfixture;

/** Classes that count as flow-api's for the architecture rules; test code only. */
public final class ApiFixtures {
  private ApiFixtures() {}

  /** flow-api using a library: breaks "flow-api depends on the JDK only". */
  public static final class UsesPicocli {
    picocli.CommandLine commandLine;
  }

  /** flow-api using the JDK and itself only. */
  public static final class UsesTheJdk {
    java.util.concurrent.CompletableFuture<dev.jflow.api.Document> document;
    int[] numbers;
  }
}
