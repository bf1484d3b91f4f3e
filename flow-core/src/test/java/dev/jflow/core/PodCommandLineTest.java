package dev.jflow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodCommandLineTest {

  @Test
  void theImagesOwnExecutorOnThePodPortByDefault() {
    assertEquals(List.of("pod", "--name", "enc", "--port-expose", "8081"), PodCommandLine.builder("enc").build().args());
    assertEquals(8081, PodCommandLine.PORT);
  }

  @Test
  void theExecutorItsArgumentsAndTheShardFollowInOneOrder() {
    PodCommandLine c = PodCommandLine.builder("index").uses("VectorIndexer").with(Map.of("dim", 8)).shardId(1).build();
    assertEquals(List.of("pod", "--name", "index", "--port-expose", "8081", "--uses", "VectorIndexer", "--uses-with", "{\"dim\":8}",
        "--shard-id", "1"), c.args());
    assertTrue(c.toString().startsWith("jflow pod --name index"), c.toString());
    assertThrows(UnsupportedOperationException.class, () -> c.args().add("x"));
    PodCommandLine batched = PodCommandLine.builder("enc").dynamicBatching(
        dev.jflow.api.DynamicBatching.builder().preferredBatchSize(32).build()).build();
    assertEquals(List.of("pod", "--name", "enc", "--port-expose", "8081", "--dynamic-batching-size", "32",
        "--dynamic-batching-timeout-ms", "10"), batched.args(), "the timeout is always written, the default included");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PodCommandLine.builder("p").shardId(-1));
    assertTrue(e.getMessage().contains("got -1"), e.getMessage());
  }
}
