package dev.jflow.junit;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.Client;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.GatewayAddress;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link JFlowTest}: starts the Flow before all tests ({@code PER_CLASS}) or each
 * test ({@code PER_METHOD}), keeps it in the JUnit store, which closes it when that scope ends, and
 * resolves {@code Flow}, {@code AsyncFlow}, {@code Client} and {@code GatewayAddress} parameters.
 * {@code @Nested} classes share their enclosing class's {@code PER_CLASS} Flow.
 * Register it with {@code @JFlowTest}; it has a public no-argument constructor for JUnit only.
 */
public final class JFlowExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(JFlowExtension.class);
  private static final Set<Class<?>> RESOLVED = Set.of(Flow.class, AsyncFlow.class, Client.class, GatewayAddress.class);

  /** For JUnit, which creates the extension from {@code @ExtendWith}. */
  public JFlowExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    if (settings(context).lifecycle() == JFlowTest.Lifecycle.PER_CLASS) {
      start(context);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (settings(context).lifecycle() == JFlowTest.Lifecycle.PER_METHOD) {
      start(context);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return RESOLVED.contains(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    RunningFlow running = context.getStore(NAMESPACE).get(key(context), RunningFlow.class);
    if (running == null && settings(context).lifecycle() == JFlowTest.Lifecycle.PER_CLASS) {
      running = start(context); // a constructor under @TestInstance(PER_CLASS) runs before beforeAll
    }
    Class<?> type = parameter.getParameter().getType();
    if (running == null) {
      throw new ParameterResolutionException("No Flow is running for " + type.getSimpleName() + " parameter of "
          + parameter.getDeclaringExecutable() + ": with lifecycle = PER_METHOD the Flow exists only for a test and its "
          + "@BeforeEach/@AfterEach methods; use PER_CLASS to resolve it in @BeforeAll/@AfterAll methods");
    }
    if (type == AsyncFlow.class) {
      return running.flow();
    }
    if (type == Flow.class) {
      return Flow.blocking(running.flow());
    }
    if (type == GatewayAddress.class) {
      return running.address();
    }
    Client client = running.newClient();
    // closed when the scope that asked for it ends (a test, or the class); the Flow's close closes it at the latest
    context.getStore(NAMESPACE).put(new Object(), (AutoCloseable) client::close);
    return client;
  }

  private static JFlowTest settings(ExtensionContext context) {
    return AnnotationSupport.findAnnotation(owner(context), JFlowTest.class).orElseThrow();
  }

  /** The Flow's key in the store: the class whose @JFlowTest made it (a @Nested class without its own shares it). */
  private static String key(ExtensionContext context) {
    return "flow of " + owner(context).getName();
  }

  /** The test class, or the nearest enclosing class, that carries @JFlowTest. */
  private static Class<?> owner(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
      if (AnnotationSupport.isAnnotated(c, JFlowTest.class)) {
        return c;
      }
    }
    throw new ExtensionConfigurationException(testClass.getName() + " registers JFlowExtension without @JFlowTest; "
        + "annotate the class with @JFlowTest(yaml = ...) or @JFlowTest(builder = ...) instead of @ExtendWith");
  }

  /** Starts the Flow unless this context (or the enclosing class's, for a @Nested class without its own @JFlowTest) has it. */
  private static RunningFlow start(ExtensionContext context) {
    RunningFlow existing = context.getStore(NAMESPACE).get(key(context), RunningFlow.class);
    if (existing != null) {
      return existing;
    }
    Class<?> testClass = owner(context);
    JFlowTest test = settings(context);
    FlowSpec spec = FlowSource.spec(test, testClass);
    String what = "The Flow of " + testClass.getName() + " (" + (test.yaml().isBlank() ? "builder = \"" + test.builder()
        : "yaml = \"" + test.yaml()) + "\")";
    AsyncFlow flow;
    try {
      flow = AsyncFlow.of(spec);
    } catch (RuntimeException e) {
      throw new ExtensionConfigurationException(what + " cannot be made: " + e.getMessage(), e);
    }
    try {
      flow.start().get();
    } catch (ExecutionException | CompletionException e) {
      flow.close();
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException(what + " did not start: " + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      flow.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " did not start: interrupted", e);
    }
    RunningFlow running = new RunningFlow(flow);
    context.getStore(NAMESPACE).put(key(context), running);
    return running;
  }
}
