/**
 * Test classes with deliberate mistakes, run only through EngineTestKit by {@code ExtensionErrorsTest}
 * (Surefire skips them: their names do not end in Test).
 */
package dev.jflow.junit.cases;
