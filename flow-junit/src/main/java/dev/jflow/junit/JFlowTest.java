package dev.jflow.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against a Flow started on a free port of 127.0.0.1: from a YAML resource
 * ({@link #yaml}) or a static method of the test class ({@link #builder}), exactly one of them.
 * Test and lifecycle methods take {@code Flow}, {@code AsyncFlow}, {@code Client} (connected to the
 * gateway, closed after the test or class that asked for it) and {@code GatewayAddress} parameters;
 * the extension closes what it hands out, so tests should not.
 *
 * <pre>{@code
 * @JFlowTest(yaml = "flow.yml", protocol = "grpc")
 * class SearchTest {
 *   @Test
 *   void finds(Client client) throws Exception {
 *     assertEquals(1, client.index(List.of(Document.ofText("hello"))).get().size());
 *   }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(JFlowExtension.class)
public @interface JFlowTest {

  /** A class-path resource holding a Flow YAML (see {@code FlowYaml}), e.g. {@code "flows/search.yml"}. Default: none. */
  String yaml() default "";

  /**
   * The name of a static no-argument method of the test class returning a {@code FlowBuilder},
   * {@code FlowSpec}, {@code AsyncFlow} or {@code Flow} (not started). Default: none.
   */
  String builder() default "";

  /** The gateway's transport ({@code grpc}, {@code websocket}, {@code inprocess}). Default "": as the Flow says. */
  String protocol() default "";

  /** Whether the test class shares one Flow or each test gets its own. Default {@link Lifecycle#PER_CLASS}. */
  Lifecycle lifecycle() default Lifecycle.PER_CLASS;

  /** How long a Flow lives. */
  enum Lifecycle {
    /** One Flow for every test of the class: started before all of them, closed after all of them. */
    PER_CLASS,
    /** A fresh Flow for each test: started before it, closed after it. */
    PER_METHOD
  }
}
