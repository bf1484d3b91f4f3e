package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Flow;
import dev.jflow.api.FlowBuilder;
import dev.jflow.api.FlowException;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyTest {

  private static FlowException invalid(FlowBuilder<Flow> b) {
    FlowException e = assertThrows(FlowException.class, b::build);
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    return e;
  }

  @Test
  void needsDefaultToThePreviousPod() {
    Topology t = Topology.of(Flow.builder().add().add().add("third").spec());
    assertEquals(List.of("pod0"), t.starts());
    assertEquals(List.of("pod1"), t.downstream("pod0"));
    assertEquals(List.of("third"), t.downstream("pod1"));
    assertEquals(List.of("third"), t.ends());
  }

  @Test
  void unknownNeedsAreNamed() {
    FlowException e = invalid(Flow.builder().add("a").add(PodSpec.builder("b").needs("nope").build()));
    assertTrue(e.getMessage().contains("pod 'b' needs 'nope', which is not a pod of this Flow"), e.getMessage());
  }

  @Test
  void aPodNeedingItselfIsNamed() {
    FlowException e = invalid(Flow.builder().add("a").add(PodSpec.builder("b").needs("b").build()));
    assertTrue(e.getMessage().contains("pod 'b' needs itself"), e.getMessage());
  }

  @Test
  void cyclesAreNamedWithTheirPods() {
    FlowException e = invalid(Flow.builder()
        .add("a")
        .add(PodSpec.builder("b").needs("a", "d").build())
        .add(PodSpec.builder("c").needs("b").build())
        .add(PodSpec.builder("d").needs("c").build()));
    assertTrue(e.getMessage().contains("cycle: b -> c -> d -> b"), e.getMessage());
  }

  @Test
  void duplicateNamesAreRejectedNotRenamed() {
    FlowException e = invalid(Flow.builder().add("enc").add("enc"));
    assertTrue(e.getMessage().contains("pod name 'enc' is used twice"), e.getMessage());
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    FlowException e = invalid(Flow.builder().add("gateway").add("x").add("x").add(PodSpec.builder("y").needs("zz").build()));
    assertTrue(e.getMessage().contains("'gateway' is reserved"), e.getMessage());
    assertTrue(e.getMessage().contains("'x' is used twice"), e.getMessage());
    assertTrue(e.getMessage().contains("pod 'y' needs 'zz'"), e.getMessage());
  }

  @Test
  void aShardPlaceholderStandsOnlyInTheRemoteAddressOfAPodsOwnExecutor() {
    FlowException local = invalid(Flow.builder().add("a", "Encoder{shard}"));
    assertTrue(local.getMessage().contains("pod 'a' uses 'Encoder{shard}': {shard} stands only in the remote address of a pod's own executor"),
        local.getMessage());
    FlowException head = invalid(Flow.builder().add(PodSpec.builder("b").uses("inprocess://indexer-{shard}:1").shards(2)
        .usesBefore("inprocess://head-{shard}:1").build()));
    assertTrue(head.getMessage().contains("pod 'b' uses 'inprocess://head-{shard}:1': {shard} stands only"), head.getMessage());
    assertFalse(head.getMessage().contains("indexer"), "the pod's own remote address may hold it: " + head.getMessage());
    FlowException badPort = invalid(Flow.builder().add(PodSpec.builder("c").uses("inprocess://indexer-{shard}:x").shards(2).build()));
    assertTrue(badPort.getMessage().contains("'inprocess://indexer-0:x', which is not protocol://host:port (shard 0's address, from "
        + "'inprocess://indexer-{shard}:x')"), badPort.getMessage());
  }

  @Test
  void unknownExecutorsAreNamedAtBuildTime() {
    FlowException builtIn = invalid(Flow.builder().add("a", "_nope"));
    assertTrue(builtIn.getMessage().contains("'_nope', which is not a built-in executor; built-ins are [_concat, _merge, _merge_chunks, _merge_matches, _merge_matches_topk, _pass]"), builtIn.getMessage());
    FlowException cls = invalid(Flow.builder().add("a", "com.example.Missing"));
    assertTrue(cls.getMessage().contains("nor a class on the class path"), cls.getMessage());
    FlowException notExecutor = invalid(Flow.builder().add("a", "java.lang.String"));
    assertTrue(notExecutor.getMessage().contains("does not implement dev.jflow.api.spi.Executor"), notExecutor.getMessage());
  }

  @Test
  void anEmptyFlowIsRejected() {
    assertTrue(invalid(Flow.builder()).getMessage().contains("no pods"));
  }

  @Test
  void joinsNeedAtLeastTwoPods() {
    FlowException e = assertThrows(FlowException.class, () -> Flow.builder().add("a").needs("a"));
    assertTrue(e.getMessage().contains("at least two pods"), e.getMessage());
  }

  @Test
  void needsAllJoinsEveryOpenEnd() {
    Topology t = Topology.of(Flow.builder()
        .add("a")
        .add(PodSpec.builder("b").needs("gateway").build())
        .add(PodSpec.builder("c").needs("gateway").build())
        .needsAll().spec());
    assertEquals(List.of("a", "b", "c"), t.starts());
    assertEquals(List.of("a", "b", "c"), t.pods().get("joiner").needs());
    assertEquals(List.of("joiner"), t.ends());
  }
}
