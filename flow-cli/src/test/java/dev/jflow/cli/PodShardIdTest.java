package dev.jflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.PodSpec;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PodShardIdTest {

  private static PodCommand parsed(String... args) {
    PodCommand pod = new PodCommand();
    new CommandLine(pod).parseArgs(args);
    return pod;
  }

  @Test
  void shardIdMakesThePodServeThatShard() {
    PodSpec pod = parsed("--uses", "_pass", "--name", "index", "--shard-id", "2").podSpec();
    assertEquals(2, pod.shardId());
    assertEquals(1, pod.shards());
    assertEquals(0, parsed("--uses", "_pass").podSpec().shardId(), "shard 0 by default");
  }

  @Test
  void dynamicBatchingFlagsSetThePodsBatchingAndABadValueIsAUsageError() {
    PodSpec pod = parsed("--uses", "_pass", "--dynamic-batching-size", "32", "--dynamic-batching-timeout-ms", "5").podSpec();
    assertEquals(32, pod.dynamicBatching().preferredBatchSize());
    assertEquals(java.time.Duration.ofMillis(5), pod.dynamicBatching().timeout());
    assertEquals(java.time.Duration.ofMillis(10), parsed("--uses", "_pass", "--dynamic-batching-size", "8").podSpec()
        .dynamicBatching().timeout(), "10 ms by default");
    assertEquals(null, parsed("--uses", "_pass").podSpec().dynamicBatching(), "none by default");
    CommandLine.ParameterException zero = assertThrows(CommandLine.ParameterException.class,
        () -> parsed("--uses", "_pass", "--dynamic-batching-size", "0").podSpec());
    assertTrue(zero.getMessage().contains("preferredBatchSize (preferred_batch_size) must be 1 to 65536, got 0")
        || zero.getMessage().contains("is required"), zero.getMessage());
    CommandLine.ParameterException alone = assertThrows(CommandLine.ParameterException.class,
        () -> parsed("--uses", "_pass", "--dynamic-batching-timeout-ms", "5").podSpec());
    assertTrue(alone.getMessage().contains("--dynamic-batching-timeout-ms needs --dynamic-batching-size N"), alone.getMessage());
  }

  @Test
  void aNegativeShardIdIsAUsageError() {
    CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
        () -> parsed("--uses", "_pass", "--shard-id", "-1").podSpec());
    assertTrue(e.getMessage().contains("--shard-id must be 0 or more, got -1"), e.getMessage());
  }
}
