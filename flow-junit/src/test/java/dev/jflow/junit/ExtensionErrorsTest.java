package dev.jflow.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.jflow.junit.cases.Cases;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Mistakes in a {@code @JFlowTest} class fail it with a message naming the mistake and the fix (run through EngineTestKit). */
class ExtensionErrorsTest {

  private static EngineExecutionResults run(Class<?> testClass) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
  }

  /** The one failure of running {@code testClass}, on its class or its test. */
  private static Throwable failure(Class<?> testClass) {
    EngineExecutionResults results = run(testClass);
    List<Throwable> failures = java.util.stream.Stream.concat(results.containerEvents().failed().stream(),
            results.testEvents().failed().stream())
        .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
        .collect(Collectors.toList());
    assertEquals(1, failures.size(), () -> "failures: " + failures);
    assertEquals(0, results.testEvents().succeeded().count());
    return failures.get(0);
  }

  private static void assertMessage(Class<?> testClass, String... parts) {
    String message = failure(testClass).getMessage();
    for (String part : parts) {
      assertTrue(message.contains(part), () -> "'" + part + "' not in: " + message);
    }
  }

  @Test
  void aFineClassPassesAndItsFlowIsClosedAfterwards() {
    EngineExecutionResults results = run(Cases.Fine.class);
    assertEquals(1, results.testEvents().succeeded().count());
    assertEquals(0, results.allEvents().failed().count());
    assertNotNull(Cases.SEEN.get());
    assertFalse(Cases.SEEN.get().isRunning());
  }

  @Test
  void bothYamlAndBuilder() {
    assertMessage(Cases.Both.class, "Cases$Both", "sets both yaml = \"flows/pass.yml\" and builder = \"flow\"", "set one of them");
  }

  @Test
  void neitherYamlNorBuilder() {
    assertMessage(Cases.Neither.class, "Cases$Neither", "sets neither yaml nor builder");
  }

  @Test
  void missingResourceIsNamed() {
    assertMessage(Cases.MissingResource.class, "\"flows/missing.yml\" is not on the class path");
  }

  @Test
  void missingBuilderMethod() {
    assertMessage(Cases.MissingMethod.class, "builder = \"absent\" names no method", "static FlowBuilder<?> absent()");
  }

  @Test
  void builderMethodNotStatic() {
    assertMessage(Cases.NotStatic.class, "builder method flow() is not static");
  }

  @Test
  void builderMethodOfTheWrongType() {
    assertMessage(Cases.WrongType.class, "builder method flow() returns java.lang.String",
        "return a FlowBuilder, FlowSpec, AsyncFlow or Flow");
  }

  @Test
  void aFlowThatCannotStartFailsTheClassWithItsCause() {
    Throwable failure = failure(Cases.FailsToStart.class);
    assertTrue(failure.getMessage().contains("Cases$FailsToStart (builder = \"flow\") did not start"), failure::getMessage);
    assertTrue(failure.getMessage().contains("broken"), failure::getMessage);
    assertNotNull(failure.getCause());
  }

  @Test
  void perMethodFlowsCannotBeResolvedBeforeAll() {
    assertMessage(Cases.PerMethodInBeforeAll.class, "No Flow is running for AsyncFlow parameter", "use PER_CLASS");
  }
}
