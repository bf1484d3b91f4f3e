package dev.jflow.junit;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowBuilder;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.GatewayConfig;
import dev.jflow.core.FlowYaml;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.ReflectionSupport;

/** Reads the Flow a {@link JFlowTest} names and moves its gateways to free ports of 127.0.0.1. */
final class FlowSource {
  static final String HOST = "127.0.0.1";

  private FlowSource() {}

  /** The spec {@code test} names for {@code testClass}, its gateways on 127.0.0.1 and free ports. */
  static FlowSpec spec(JFlowTest test, Class<?> testClass) {
    boolean yaml = !test.yaml().isBlank();
    boolean builder = !test.builder().isBlank();
    String where = "@JFlowTest on " + testClass.getName();
    if (yaml && builder) {
      throw new ExtensionConfigurationException(where + " sets both yaml = \"" + test.yaml() + "\" and builder = \""
          + test.builder() + "\"; set one of them");
    }
    if (!yaml && !builder) {
      throw new ExtensionConfigurationException(where + " sets neither yaml nor builder; set yaml to a class-path resource "
          + "(yaml = \"flow.yml\") or builder to a static method of the test class (builder = \"flow\")");
    }
    FlowSpec spec = yaml ? fromYaml(test.yaml(), testClass, where) : fromMethod(test.builder(), testClass, where);
    return onFreePorts(spec, test.protocol());
  }

  private static FlowSpec fromYaml(String resource, Class<?> testClass, String where) {
    String name = resource.startsWith("/") ? resource.substring(1) : resource;
    ClassLoader loader = testClass.getClassLoader();
    URL url = loader == null ? ClassLoader.getSystemResource(name) : loader.getResource(name);
    if (url == null) {
      throw new ExtensionConfigurationException(where + ": the Flow YAML resource \"" + resource
          + "\" is not on the class path; put it under src/test/resources (names are from the class path's root)");
    }
    String text;
    try (InputStream in = url.openStream()) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ExtensionConfigurationException(where + ": cannot read the Flow YAML resource \"" + resource + "\": " + e, e);
    }
    return FlowYaml.parse(text, resource, baseDir(url));
  }

  /** The resource's directory when it is a file (executor YAMLs beside it resolve), else the working directory. */
  private static Path baseDir(URL url) {
    if ("file".equals(url.getProtocol())) {
      try {
        Path parent = Path.of(url.toURI()).getParent();
        if (parent != null) {
          return parent;
        }
      } catch (URISyntaxException | IllegalArgumentException e) {
        // not a plain file path: fall back to the working directory
      }
    }
    return Path.of(".");
  }

  private static FlowSpec fromMethod(String name, Class<?> testClass, String where) {
    Method method = ReflectionSupport.findMethod(testClass, name).orElseThrow(() -> new ExtensionConfigurationException(
        where + ": builder = \"" + name + "\" names no method without parameters in " + testClass.getName()
            + "; add static FlowBuilder<?> " + name + "() (or one returning FlowSpec, AsyncFlow or Flow)"));
    if (!Modifier.isStatic(method.getModifiers())) {
      throw new ExtensionConfigurationException(where + ": builder method " + name + "() is not static; make it static, "
          + "since the Flow starts before any test instance exists");
    }
    Class<?> type = method.getReturnType();
    if (!FlowBuilder.class.isAssignableFrom(type) && !FlowSpec.class.isAssignableFrom(type)
        && !AsyncFlow.class.isAssignableFrom(type) && !Flow.class.isAssignableFrom(type)) {
      throw new ExtensionConfigurationException(where + ": builder method " + name + "() returns " + type.getName()
          + "; return a FlowBuilder, FlowSpec, AsyncFlow or Flow");
    }
    Object made = ReflectionSupport.invokeMethod(method, null);
    if (made == null) {
      throw new ExtensionConfigurationException(where + ": builder method " + name + "() returned null");
    }
    return specOf(made);
  }

  private static FlowSpec specOf(Object made) {
    if (made instanceof FlowBuilder<?> b) {
      return b.spec();
    }
    if (made instanceof FlowSpec s) {
      return s;
    }
    // a Flow made by the method is only read: the extension starts its own copy on a free port
    AsyncFlow flow = made instanceof AsyncFlow a ? a : ((Flow) made).async();
    try {
      return flow.spec();
    } finally {
      flow.close();
    }
  }

  /** {@code spec} with every gateway (and a monitoring port) on {@link #HOST} and a free port, over {@code protocol} unless blank. */
  static FlowSpec onFreePorts(FlowSpec spec, String protocol) {
    GatewayConfig.Builder gateway = spec.gateway().toBuilder().host(HOST);
    if (!protocol.isBlank()) {
      gateway.protocol(protocol.trim());
    }
    List<String> protocols = protocol.isBlank() ? spec.gateway().protocols() : List.of(protocol.trim());
    gateway.ports(new ArrayList<>(Collections.nCopies(Math.max(1, protocols.size()), 0)));
    if (spec.gateway().monitoringPort() > 0) {
      gateway.monitoringPort(0); // a fixed monitoring port would clash between test classes too
    }
    return spec.toBuilder().gateway(gateway.build()).build();
  }
}
