package dev.jflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RouteTest {
  @Test
  void durationIsEndLessStart() {
    Instant start = Instant.parse("2026-12-02T10:00:00Z");
    Route r = new Route("enc", "1", start, start.plusMillis(42), Status.SUCCESS);
    assertEquals(Duration.ofMillis(42), r.duration());
  }

  @Test
  void durationIsZeroWithoutTimes() {
    assertEquals(Duration.ZERO, new Route("enc", "", null, Instant.now(), null).duration());
  }
}
