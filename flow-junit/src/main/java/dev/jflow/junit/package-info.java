/** {@link dev.jflow.junit.JFlowTest}: a Flow started for a test class, and its parameters. */
package dev.jflow.junit;
