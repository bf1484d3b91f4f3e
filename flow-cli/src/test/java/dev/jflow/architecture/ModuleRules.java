package dev.jflow.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.lang.module.ModuleDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * ARCHITECTURE.md's module map as ArchUnit rules: what each module may import, and that no module
 * reaches into a package another module does not export to it (read from the module-info
 * descriptors, so the rule and the descriptors are one list).
 */
final class ModuleRules {
  private ModuleRules() {}

  /** The JDK's packages a module may use: java.*, and the javax.* APIs of java.base (TLS, X.500 names, crypto). */
  static final String[] JDK = {"java..", "javax.net..", "javax.security..", "javax.crypto.."};

  static final ArchRule API_DEPENDS_ON_THE_JDK_ONLY = mayDependOn("dev.jflow.api", "flow-api depends on the JDK only");

  static final ArchRule CORE_IMPORTS_NO_TRANSPORT = mayDependOn("dev.jflow.core",
      "flow-core depends on flow-api, SLF4J, SnakeYAML, Guice, the Micrometer and OpenTelemetry facades only: "
          + "never on a transport, flow-proto, protobuf, grpc, Grizzly, Tyrus, or a metrics or tracing backend",
      "dev.jflow.api..", "org.slf4j..", "org.yaml.snakeyaml..", "com.google.inject..", "io.micrometer.core..",
      "io.micrometer.common..", "io.micrometer.observation..", "io.opentelemetry.api..", "io.opentelemetry.context..");

  static final ArchRule PROTO_IMPORTS_NO_CORE_OR_TRANSPORT = mayDependOn("dev.jflow.proto",
      "flow-proto depends on flow-api and protobuf only: never on flow-core or a transport",
      "dev.jflow.api..", "com.google.protobuf..");

  static final ArchRule GRPC_TRANSPORT_IMPORTS = mayDependOn("dev.jflow.transport.grpc",
      "transport-grpc depends on flow-api, flow-proto, protobuf and grpc-java only",
      "dev.jflow.api..", "dev.jflow.proto..", "com.google.protobuf..", "io.grpc..");

  static final ArchRule WEBSOCKET_TRANSPORT_IMPORTS = mayDependOn("dev.jflow.transport.websocket",
      "transport-websocket depends on flow-api, flow-proto, protobuf, Tyrus, Grizzly and SLF4J only",
      "dev.jflow.api..", "dev.jflow.proto..", "com.google.protobuf..", "jakarta.websocket..", "org.glassfish.tyrus..",
      "org.glassfish.grizzly..", "org.slf4j..");

  static final ArchRule EXECUTORS_IMPORTS = mayDependOn("dev.jflow.executors",
      "flow-executors depends on flow-api, flow-proto (with protobuf), H2, Lucene and the JDK's Vector API only",
      "dev.jflow.api..", "dev.jflow.proto..", "com.google.protobuf..", "org.h2..", "org.apache.lucene..", "jdk.incubator.vector..");

  static final ArchRule NEURAL_EXECUTORS_IMPORTS = mayDependOn("dev.jflow.neural",
      "executors-neural depends on flow-api, ONNX Runtime and SLF4J only", "dev.jflow.api..", "ai.onnxruntime..", "org.slf4j..");

  static final ArchRule JUNIT_IMPORTS = mayDependOn("dev.jflow.junit",
      "jflow-junit depends on flow-api, flow-core and JUnit only: it reaches the transports through flow-core's registry",
      "dev.jflow.api..", "dev.jflow.core..", "org.junit..");

  static final ArchRule DOCKER_ENGINE_IMPORTS = mayDependOn("dev.jflow.engine.docker",
      "engine-docker depends on flow-api, docker-java, Commons Compress (the build context's tar, modes kept) and SLF4J only: "
          + "flow-core finds it as a ContainerEngine service",
      "dev.jflow.api..", "com.github.dockerjava..", "org.apache.commons.compress..", "org.slf4j..");

  static final ArchRule CLI_IMPORTS = mayDependOn("dev.jflow.cli",
      "flow-cli depends on the JFlow modules, picocli, SLF4J with logback, Micrometer (Prometheus), OpenTelemetry and "
          + "SnakeYAML (the export's files) only: it reaches the transports through flow-core's registry",
      "dev.jflow..", "picocli..", "org.slf4j..", "ch.qos.logback..", "io.micrometer..", "io.opentelemetry..", "org.yaml.snakeyaml..");

  /** Holds for transports not written yet too: every module under {@code dev.jflow.transport}. */
  static final ArchRule TRANSPORTS_IMPORT_NO_CORE = noClasses().that().resideInAPackage("dev.jflow.transport..")
      .should().dependOnClassesThat().resideInAPackage("dev.jflow.core..")
      .because("a transport sees the Flow only as a RequestHandler; flow-core picks transports through the registry");

  /** Each module's import rule, in ARCHITECTURE.md's order. */
  static List<ArchRule> importRules() {
    return List.of(API_DEPENDS_ON_THE_JDK_ONLY, CORE_IMPORTS_NO_TRANSPORT, PROTO_IMPORTS_NO_CORE_OR_TRANSPORT,
        GRPC_TRANSPORT_IMPORTS, WEBSOCKET_TRANSPORT_IMPORTS, EXECUTORS_IMPORTS, NEURAL_EXECUTORS_IMPORTS, JUNIT_IMPORTS, DOCKER_ENGINE_IMPORTS, CLI_IMPORTS,
        TRANSPORTS_IMPORT_NO_CORE);
  }

  private static ArchRule mayDependOn(String module, String why, String... packages) {
    String[] allowed = Stream.concat(Stream.concat(Stream.of(module + ".."), Stream.of(JDK)), Stream.of(packages)).toArray(String[]::new);
    return classes().that().resideInAPackage(module + "..").should().onlyDependOnClassesThat().resideInAnyPackage(allowed)
        .as(why);
  }

  /**
   * A class of one JFlow module uses a package of another only where that module's module-info exports
   * the package, to everyone or by name to the user's module ({@code exports x.internal to ...}).
   */
  static ArchRule onlyExportedPackagesAreUsed(JflowModules modules) {
    return classes().that().resideInAPackage("dev.jflow..")
        .should(new ArchCondition<JavaClass>("use another JFlow module's package only where its module-info exports it to them") {
          @Override
          public void check(JavaClass c, ConditionEvents events) {
            String reader = modules.moduleOf(c.getPackageName()).map(ModuleDescriptor::name).orElse(null);
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
              String p = d.getTargetClass().getPackageName();
              Optional<ModuleDescriptor> owner = modules.all().values().stream().filter(m -> m.packages().contains(p)).findFirst();
              if (owner.isPresent() && !owner.get().name().equals(reader) && !JflowModules.exports(owner.get(), p, reader)) {
                events.add(SimpleConditionEvent.violated(d, d.getDescription() + ": module " + owner.get().name()
                    + " does not export " + p + " to " + (reader == null ? "code outside JFlow" : "module " + reader)));
              }
            }
          }
        });
  }

  /** What is wrong with the internal packages' exports: an internal package is exported to named JFlow modules only. */
  static List<String> internalExportProblems(JflowModules modules) {
    List<String> problems = new ArrayList<>();
    for (ModuleDescriptor m : modules.all().values()) {
      for (ModuleDescriptor.Exports e : m.exports()) {
        if (!e.source().contains(".internal")) {
          continue;
        }
        if (!e.isQualified()) {
          problems.add(m.name() + " exports " + e.source() + " to everyone; internal packages are exported to named JFlow modules only");
        }
        for (String t : e.targets()) {
          if (!modules.all().containsKey(t)) {
            problems.add(m.name() + " exports " + e.source() + " to " + t + ", which is not a JFlow module");
          }
        }
      }
    }
    return problems;
  }
}
