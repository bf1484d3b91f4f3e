package dev.jflow.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.jflow.api.archfixture.ApiFixtures;
import dev.jflow.cli.archfixture.CliFixtures;
import dev.jflow.core.archfixture.CoreFixtures;
import dev.jflow.executors.archfixture.ExecutorFixtures;
import dev.jflow.junit.archfixture.JunitFixtures;
import dev.jflow.proto.archfixture.ProtoFixtures;
import dev.jflow.transport.grpc.archfixture.GrpcFixtures;
import dev.jflow.transport.websocket.archfixture.WebSocketFixtures;
import java.lang.module.ModuleDescriptor;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each rule of {@link ModuleRules} fails on a test class that breaks it (the fixtures sit in the
 * modules' packages under {@code archfixture}, so that the rules count them as that module's code)
 * and names what was wrong.
 */
class ModuleRulesFailTest {
  private static final JflowModules MODULES = JflowModules.onClassPath();

  private static void assertFails(ArchRule rule, Class<?> fixture, String expected) {
    AssertionError e = assertThrows(AssertionError.class, () -> rule.check(new ClassFileImporter().importClasses(fixture)),
        fixture.getName() + " breaks: " + rule.getDescription());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  private static void assertHolds(ArchRule rule, Class<?> fixture) {
    rule.check(new ClassFileImporter().importClasses(fixture));
  }

  @Test
  void flowApiMayNotDependOnAnythingButTheJdk() {
    assertFails(ModuleRules.API_DEPENDS_ON_THE_JDK_ONLY, ApiFixtures.UsesPicocli.class, "picocli.CommandLine");
    assertHolds(ModuleRules.API_DEPENDS_ON_THE_JDK_ONLY, ApiFixtures.UsesTheJdk.class);
  }

  @Test
  void flowCoreMayNotImportATransportProtobufGrpcGrizzlyOrTyrus() {
    ArchRule rule = ModuleRules.CORE_IMPORTS_NO_TRANSPORT;
    assertFails(rule, CoreFixtures.ImportsATransport.class, "dev.jflow.transport.grpc.GrpcTransportProvider");
    assertFails(rule, CoreFixtures.ImportsFlowProto.class, "dev.jflow.proto.ProtoCodec");
    assertFails(rule, CoreFixtures.ImportsProtobuf.class, "com.google.protobuf.ByteString");
    assertFails(rule, CoreFixtures.ImportsGrpc.class, "io.grpc.Status");
    assertFails(rule, CoreFixtures.ImportsGrizzly.class, "org.glassfish.grizzly.http.server.HttpServer");
    assertFails(rule, CoreFixtures.ImportsTyrus.class, "org.glassfish.tyrus.client.ClientManager");
    assertHolds(rule, CoreFixtures.UsesApiInternal.class);
  }

  @Test
  void flowCoreUsesTheTelemetryFacadesButNoBackend() {
    ArchRule rule = ModuleRules.CORE_IMPORTS_NO_TRANSPORT;
    assertHolds(rule, CoreFixtures.UsesTheTelemetryFacades.class);
    assertFails(rule, CoreFixtures.ImportsTheOpenTelemetrySdk.class, "io.opentelemetry.sdk.OpenTelemetrySdk");
    assertFails(rule, CoreFixtures.ImportsThePrometheusRegistry.class, "io.micrometer.prometheusmetrics.PrometheusMeterRegistry");
  }

  @Test
  void flowCliReachesTheTransportsOnlyThroughTheRegistry() {
    assertFails(ModuleRules.CLI_IMPORTS, CliFixtures.ImportsGrpc.class, "io.grpc.Status");
    assertHolds(ModuleRules.CLI_IMPORTS, CliFixtures.WiresTheTelemetryBackends.class);
  }

  @Test
  void flowProtoMayNotImportCoreOrATransport() {
    assertFails(ModuleRules.PROTO_IMPORTS_NO_CORE_OR_TRANSPORT, ProtoFixtures.ImportsCore.class, "dev.jflow.core.FlowYaml");
    assertFails(ModuleRules.PROTO_IMPORTS_NO_CORE_OR_TRANSPORT, ProtoFixtures.ImportsATransport.class,
        "dev.jflow.transport.websocket.WebSocketTransportProvider");
  }

  @Test
  void aTransportMayNotImportCore() {
    assertFails(ModuleRules.TRANSPORTS_IMPORT_NO_CORE, GrpcFixtures.ImportsCore.class, "dev.jflow.core.Flows");
    assertFails(ModuleRules.TRANSPORTS_IMPORT_NO_CORE, WebSocketFixtures.ImportsCore.class, "dev.jflow.core.Flows");
    assertFails(ModuleRules.GRPC_TRANSPORT_IMPORTS, GrpcFixtures.ImportsCore.class, "dev.jflow.core.Flows");
    assertFails(ModuleRules.WEBSOCKET_TRANSPORT_IMPORTS, WebSocketFixtures.ImportsCore.class, "dev.jflow.core.Flows");
  }

  @Test
  void aTransportMayNotImportAnotherTransportsLibrary() {
    assertFails(ModuleRules.GRPC_TRANSPORT_IMPORTS, GrpcFixtures.ImportsTyrus.class, "org.glassfish.tyrus.client.ClientManager");
    assertFails(ModuleRules.WEBSOCKET_TRANSPORT_IMPORTS, WebSocketFixtures.ImportsGrpc.class, "io.grpc.Status");
  }

  @Test
  void flowExecutorsMayNotImportCore() {
    assertFails(ModuleRules.EXECUTORS_IMPORTS, ExecutorFixtures.ImportsCore.class, "dev.jflow.core.Flows");
  }

  @Test
  void jflowJunitUsesCoreAndJunitButNoTransport() {
    assertFails(ModuleRules.JUNIT_IMPORTS, JunitFixtures.ImportsATransport.class, "dev.jflow.transport.grpc.GrpcTransportProvider");
    assertHolds(ModuleRules.JUNIT_IMPORTS, JunitFixtures.UsesCoreAndJunit.class);
  }

  @Test
  void aModuleMayUseAnotherModulesInternalPackageOnlyWhereItIsExportedToIt() {
    ArchRule rule = ModuleRules.onlyExportedPackagesAreUsed(MODULES);
    assertFails(rule, ExecutorFixtures.UsesApiInternal.class,
        "module dev.jflow.api does not export dev.jflow.api.internal to module dev.jflow.executors");
    assertFails(rule, GrpcFixtures.UsesCoreInternal.class,
        "module dev.jflow.core does not export dev.jflow.core.internal to module dev.jflow.transport.grpc");
    assertHolds(rule, CoreFixtures.UsesApiInternal.class); // dev.jflow.api exports its internal package to dev.jflow.core
    assertHolds(rule, GrpcFixtures.UsesApiInternal.class);
  }

  @Test
  void theRuleTakesItsListFromTheModuleDescriptors() {
    // the same CLI classes break the rule once flow-api's module-info no longer names dev.jflow.cli
    JavaClasses cli = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.jflow.cli");
    ModuleRules.onlyExportedPackagesAreUsed(MODULES).check(cli);
    Map<String, ModuleDescriptor> withoutCli = new HashMap<>(MODULES.all());
    withoutCli.put("dev.jflow.api", withoutTarget(MODULES.all().get("dev.jflow.api"), "dev.jflow.cli"));
    AssertionError e = assertThrows(AssertionError.class,
        () -> ModuleRules.onlyExportedPackagesAreUsed(new JflowModules(withoutCli)).check(cli));
    assertTrue(e.getMessage().contains("module dev.jflow.api does not export dev.jflow.api.internal to module dev.jflow.cli"), e.getMessage());
  }

  private static ModuleDescriptor withoutTarget(ModuleDescriptor d, String target) {
    ModuleDescriptor.Builder b = ModuleDescriptor.newModule(d.name()).packages(d.packages());
    for (ModuleDescriptor.Exports e : d.exports()) {
      Set<String> targets = new HashSet<>(e.targets());
      targets.remove(target);
      if (e.isQualified()) {
        b.exports(e.modifiers(), e.source(), targets);
      } else {
        b.exports(e.source());
      }
    }
    return b.build();
  }

  @Test
  void anInternalPackageExportedToEveryoneOrToAStrangerIsReported() {
    ModuleDescriptor open = ModuleDescriptor.newModule("dev.jflow.api").exports("dev.jflow.api.internal").build();
    ModuleDescriptor stranger = ModuleDescriptor.newModule("dev.jflow.core")
        .exports(Set.of(), "dev.jflow.core.internal", Set.of("com.example.app")).build();
    List<String> problems = ModuleRules.internalExportProblems(new JflowModules(Map.of(open.name(), open, stranger.name(), stranger)));
    assertEquals(2, problems.size(), problems.toString());
    assertTrue(problems.contains("dev.jflow.api exports dev.jflow.api.internal to everyone; internal packages are exported to named JFlow "
        + "modules only"), problems.toString());
    assertTrue(problems.contains("dev.jflow.core exports dev.jflow.core.internal to com.example.app, which is not a JFlow module"),
        problems.toString());
    assertFalse(ModuleRules.internalExportProblems(MODULES).iterator().hasNext(), "the real descriptors are fine");
  }
}
