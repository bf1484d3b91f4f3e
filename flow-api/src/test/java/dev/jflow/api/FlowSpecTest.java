package dev.jflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowSpecTest {

  @Test
  void theBuilderStartsFromTheStatedDefaults() {
    FlowSpec s = FlowSpec.builder().build();
    assertEquals("flow", s.name());
    assertEquals(List.of(), s.pods());
    assertEquals(GatewayConfig.defaults(), s.gateway());
    assertEquals(Duration.ofSeconds(60), s.timeoutReady());
    assertEquals(FlowSpec.DEFAULT_TIMEOUT_READY, s.timeoutReady());
    assertEquals(InspectMode.COLLECT, s.inspectMode());
    assertEquals(OnErrorStrategy.IGNORE, s.onErrorStrategy());
    assertEquals(s, FlowSpec.builder().name(" ").gateway(null).timeoutReady(null).inspectMode(null).onErrorStrategy(null).build(),
        "null or blank means the default");
  }

  @Test
  void toBuilderRebuildsAnEqualSpecAndChangesOnlyWhatIsSet() {
    PodSpec a = PodSpec.builder("a").needs(FlowSpec.GATEWAY).build();
    FlowSpec s = FlowSpec.builder().name("f").pods(List.of(a)).gateway(GatewayConfig.defaults().withPort(1234))
        .timeoutReady(Duration.ofSeconds(5)).inspectMode(InspectMode.HANG).onErrorStrategy(OnErrorStrategy.SKIP_HANDLE).build();
    FlowSpec again = s.toBuilder().build();
    assertEquals(s, again);
    assertEquals(s.hashCode(), again.hashCode());
    assertEquals(s.toString(), again.toString());
    assertTrue(s.toString().contains("name=f") && s.toString().contains("timeoutReady=PT5S"), s.toString());

    FlowSpec other = s.toBuilder().gateway(GatewayConfig.defaults()).build();
    assertNotEquals(s, other);
    assertEquals(s.pods(), other.pods());
    assertEquals(s.timeoutReady(), other.timeoutReady());
    PodSpec b = PodSpec.builder("b").needs("a").build();
    assertEquals(List.of(a, b), s.withPods(List.of(a, b)).pods());
  }

  @Test
  void theWorkspaceIsWorkspaceInTheWorkingDirectoryAndReloadPathsAreOffByDefault() {
    FlowSpec s = FlowSpec.builder().build();
    assertEquals(java.nio.file.Path.of("workspace"), s.workspace());
    assertEquals(FlowSpec.DEFAULT_WORKSPACE, Flow.builder().spec().workspace());
    assertEquals(false, s.allowReloadPaths());
    assertEquals(s, FlowSpec.builder().workspace(null).build(), "null means the default");
    FlowSpec set = Flow.builder().workspace(java.nio.file.Path.of("/srv/flow")).allowReloadPaths(true).spec();
    assertEquals(java.nio.file.Path.of("/srv/flow"), set.workspace());
    assertTrue(set.allowReloadPaths());
    assertEquals(set, set.toBuilder().build());
    assertNotEquals(set, set.toBuilder().allowReloadPaths(false).build());
    assertNotEquals(set, set.toBuilder().workspace(null).build());
    assertTrue(set.toString().contains("workspace=/srv/flow, allowReloadPaths=true"), set.toString());
    FlowException e = assertThrows(FlowException.class, () -> FlowSpec.builder().workspace(java.nio.file.Path.of("")).build());
    assertTrue(e.getMessage().contains("workspace must name a directory, got ''"), e.getMessage());
  }

  @Test
  void thePodListIsCopied() {
    List<PodSpec> pods = new ArrayList<>(List.of(PodSpec.builder("a").build()));
    FlowSpec s = FlowSpec.builder().pods(pods).build();
    pods.clear();
    assertEquals(1, s.pods().size());
    assertThrows(UnsupportedOperationException.class, () -> s.pods().clear());
    assertEquals(0, FlowSpec.class.getConstructors().length, "no public constructor");
    assertTrue(Modifier.isFinal(FlowSpec.class.getModifiers()));
  }

  @Test
  void everyInvalidValueIsReportedAtOnce() {
    FlowException e = assertThrows(FlowException.class, () -> FlowSpec.builder().name("f")
        .pods(Arrays.asList(PodSpec.builder("a").build(), null)).timeoutReady(Duration.ofSeconds(-1)).build());
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertEquals("invalid Flow 'f': pods must be a list of pods, got [" + PodSpec.builder("a").build() + ", null];"
        + " timeoutReady must be positive, got PT-1S", e.status().description());
  }
}
