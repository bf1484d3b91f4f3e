package dev.jflow.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EndToEndTest {

  @Test
  @Timeout(30)
  void bothSidesAnswerEveryRequestAndTheTableShowsThem() throws Exception {
    Settings tiny = new Settings(205, 8, 10, 4, 2, 1, "both", 20);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    List<Summary> summaries = EndToEnd.run(tiny, log);
    EndToEnd.print(tiny, summaries, log);

    assertEquals(2, summaries.size());
    for (Summary s : summaries) {
      assertEquals(2, s.rounds().size());
      assertEquals(21, s.median().requests(), s.side());
      assertEquals(205, s.median().docs(), s.side());
      for (long latency : s.median().latencyNanos()) {
        assertTrue(latency > 0 && latency < Duration.ofSeconds(20).toNanos(), s.side() + " latency " + latency);
      }
    }
    String table = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(table.contains("JFlow vs raw:"), table);
  }

  @Test
  void optionsParseOverTheDefaultsAndBadOnesAreAllReported() {
    Settings s = Settings.parse("--docs=1_000", "--dim", "16", "--prefetch", "8");
    assertEquals(new Settings(1000, 16, 100, 8, 3, 3, "both", 600), s);
    assertEquals(10, s.requests());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Settings.parse("--docs", "0", "--sides", "zmq"));
    assertTrue(e.getMessage().contains("--docs must be at least 1, got 0"), e.getMessage());
    assertTrue(e.getMessage().contains("--sides must be both, jflow or raw, got zmq"), e.getMessage());
  }
}
