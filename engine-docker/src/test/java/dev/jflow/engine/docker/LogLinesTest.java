package dev.jflow.engine.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LogLinesTest {
  private static Frame frame(StreamType type, String text) {
    return new Frame(type, text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void framesBecomeWholeLinesPerStream() {
    List<String> seen = new CopyOnWriteArrayList<>();
    LogLines logs = new LogLines(seen::add);
    logs.onNext(frame(StreamType.STDOUT, "serving at 0.0."));
    logs.onNext(frame(StreamType.STDERR, "WARN half"));
    logs.onNext(frame(StreamType.STDOUT, "0.0:8081\r\nsecond\n"));
    logs.onNext(frame(StreamType.STDERR, " a warning\nno newline at the end"));
    logs.onComplete();
    assertEquals(List.of("serving at 0.0.0.0:8081", "second", "WARN half a warning", "no newline at the end"), seen);
    assertTrue(logs.awaitEnd(Duration.ZERO), "the log ended");
  }

  @Test
  void keepsTheLastLinesOnlyAndCutsEndlessOnes() {
    LogLines logs = new LogLines(line -> {
      throw new IllegalStateException("a broken sink");
    });
    IntStream.range(0, 100).forEach(i -> logs.onNext(frame(StreamType.STDOUT, "line " + i + "\n")));
    assertEquals(IntStream.range(80, 100).mapToObj(i -> "line " + i).toList(), logs.tail(), "the last 20, a broken sink notwithstanding");
    logs.onNext(frame(StreamType.STDOUT, "x".repeat(LogLines.MAX_LINE + 10) + "\n"));
    List<String> tail = logs.tail();
    assertEquals(List.of("x".repeat(LogLines.MAX_LINE), "x".repeat(10)), tail.subList(tail.size() - 2, tail.size()));
  }
}
