/**
 * A JUnit Jupiter extension for tests of Flows: {@code @JFlowTest} starts a Flow on a free port of
 * 127.0.0.1 and resolves it, its client and its gateway address as parameters.
 */
module dev.jflow.junit {
  requires transitive dev.jflow.core;
  requires transitive org.junit.jupiter.api;

  exports dev.jflow.junit;
}
