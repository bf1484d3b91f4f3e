package dev.jflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DynamicBatchingTest {

  @Test
  void thePreferredSizeIsRequiredAndTheTimeoutDefaultsToTenMilliseconds() {
    FlowException missing = assertThrows(FlowException.class, () -> DynamicBatching.builder().build());
    assertEquals(Status.Code.INVALID_ARGUMENT, missing.code());
    assertTrue(missing.getMessage().contains("preferredBatchSize (preferred_batch_size) is required"), missing.getMessage());

    DynamicBatching b = DynamicBatching.builder().preferredBatchSize(32).build();
    assertEquals(32, b.preferredBatchSize());
    assertEquals(Duration.ofMillis(10), b.timeout());
    assertEquals(b, b.toBuilder().build());
    assertEquals(b.hashCode(), b.toBuilder().build().hashCode());
  }

  @Test
  void everyInvalidSettingIsReportedAtOnceWithItsValue() {
    FlowException bad = assertThrows(FlowException.class,
        () -> DynamicBatching.builder().preferredBatchSize(-3).timeout(Duration.ofMillis(-1)).build());
    assertTrue(bad.getMessage().contains("preferredBatchSize (preferred_batch_size) must be 1 to 65536, got -3"), bad.getMessage());
    assertTrue(bad.getMessage().contains("timeout (timeout_ms) must be 0 to 60000 ms, got -1 ms"), bad.getMessage());
    FlowException tooLong = assertThrows(FlowException.class,
        () -> DynamicBatching.builder().preferredBatchSize(8).timeout(Duration.ofMinutes(5)).build());
    assertTrue(tooLong.getMessage().contains("got 300000 ms"), tooLong.getMessage());
  }

  @Test
  void aPreferredSizeOfZeroIsOutOfRangeNotMissing() {
    FlowException zero = assertThrows(FlowException.class, () -> DynamicBatching.builder().preferredBatchSize(0).build());
    assertTrue(zero.getMessage().contains("preferredBatchSize (preferred_batch_size) must be 1 to 65536, got 0"), zero.getMessage());
  }

  @Test
  void aTimeoutInFractionsOfAMillisecondIsRefusedBecauseYamlAndTheCommandLineWouldTruncateIt() {
    FlowException half = assertThrows(FlowException.class,
        () -> DynamicBatching.builder().preferredBatchSize(8).timeout(Duration.ofNanos(500_000)).build());
    assertTrue(half.getMessage().contains("timeout (timeout_ms) must be whole milliseconds (YAML and jflow pod hold milliseconds),"
        + " got 0.5 ms; round it to 0 or 1 ms"), half.getMessage());
    assertEquals(Duration.ofMillis(1), DynamicBatching.builder().preferredBatchSize(8).timeout(Duration.ofMillis(1)).build().timeout());
  }

  @Test
  void aPodHasNoBatchingByDefaultAndToBuilderCarriesIt() {
    assertNull(PodSpec.builder("p").build().dynamicBatching());
    DynamicBatching b = DynamicBatching.builder().preferredBatchSize(16).timeout(Duration.ofMillis(25)).build();
    PodSpec p = PodSpec.builder("enc").uses("Encoder").dynamicBatching(b).build();
    assertEquals(b, p.dynamicBatching());
    assertEquals(p, p.toBuilder().build());
    assertEquals(b, p.toBuilder().replicas(2).build().dynamicBatching());
    assertTrue(p.toString().contains("dynamicBatching=DynamicBatching{preferredBatchSize=16, timeout=25ms}"), p.toString());
    assertEquals(b, PodSpec.builder("c").uses("docker://enc:1").dynamicBatching(b).build().dynamicBatching(),
        "a pod in containers batches before sending");
  }

  @Test
  void aRemotePodBatchesBeforeSending() {
    DynamicBatching b = DynamicBatching.builder().preferredBatchSize(16).build();
    assertEquals(b, PodSpec.builder("far").uses("grpc://enc:8081").dynamicBatching(b).build().dynamicBatching());
    assertEquals(b, PodSpec.builder("far").host("enc:8081").dynamicBatching(b).build().dynamicBatching());
  }
}
