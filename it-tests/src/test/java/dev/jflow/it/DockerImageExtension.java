package dev.jflow.it;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.DockerClientFactory;

/**
 * For container tests: skips the test class (a failed assumption, with the reason) when no Docker
 * engine answers, and resolves {@link JflowImage} parameters to the image of this run, built by the
 * first class that needs it and removed when the whole run ends.
 */
final class DockerImageExtension implements BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DockerImageExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    String problem = dockerProblem(context);
    String message = "Skipping " + context.getDisplayName() + " (a container test): " + problem
        + ". The container tests need a Docker engine: run scripts/ensure-docker.sh as root (./run-tests does), or point DOCKER_HOST at one.";
    if (problem != null) {
      System.err.println("jflow-it: " + message); // the console says why, not only the test report
    }
    Assumptions.assumeTrue(problem == null, message);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == JflowImage.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE).computeIfAbsent(JflowImage.class,
        k -> JflowImage.build(Path.of(property("jflow.it.app")), Path.of(property("jflow.it.work"))), JflowImage.class);
  }

  /** Why Docker cannot be used, or null when it can; asked once per run. */
  private static String dockerProblem(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE).computeIfAbsent("docker", k -> {
      try {
        return DockerClientFactory.instance().isDockerAvailable() ? "" : "no Docker engine answers (Testcontainers found none)";
      } catch (RuntimeException | LinkageError e) {
        return "no Docker engine answers (" + e + ")";
      }
    }, String.class).transform(p -> p.isEmpty() ? null : p);
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException("system property " + name + " is not set; run the integration tests through Maven: "
          + "./mvnw -B -ntp -pl it-tests -am verify");
    }
    return value;
  }
}
