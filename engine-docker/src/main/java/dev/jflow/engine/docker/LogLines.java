package dev.jflow.engine.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container's followed log (stdout and stderr) cut into lines: each goes to the request's sink and
 * the last {@value #TAIL} are kept for {@link DockerContainer#describe()}. Docker's frames split lines
 * anywhere, so a partial line waits per stream (at most {@value #MAX_LINE} bytes, then it is a line).
 */
final class LogLines extends ResultCallback.Adapter<Frame> {
  static final int TAIL = 20;
  static final int MAX_LINE = 8192;
  private static final Logger LOG = LoggerFactory.getLogger(LogLines.class);

  private final Consumer<String> sink;
  private final Map<StreamType, ByteArrayOutputStream> partial = new EnumMap<>(StreamType.class);
  private final ArrayDeque<String> tail = new ArrayDeque<>(TAIL);
  private final CountDownLatch ended = new CountDownLatch(1);
  private boolean sinkFailed;

  LogLines(Consumer<String> sink) {
    this.sink = sink;
  }

  @Override
  public void onNext(Frame frame) {
    List<String> lines = new java.util.ArrayList<>();
    synchronized (this) {
      ByteArrayOutputStream buffer = partial.computeIfAbsent(frame.getStreamType(), t -> new ByteArrayOutputStream());
      for (byte b : frame.getPayload()) {
        if (b == '\n') {
          lines.add(take(buffer));
        } else {
          buffer.write(b);
          if (buffer.size() >= MAX_LINE) {
            lines.add(take(buffer));
          }
        }
      }
    }
    lines.forEach(this::emit);
  }

  @Override
  public void onError(Throwable error) {
    LOG.debug("following a container's log ended: {}", error.toString());
    finish();
    super.onError(error);
  }

  @Override
  public void onComplete() {
    finish();
    super.onComplete();
  }

  /** The last lines, oldest first. */
  synchronized List<String> tail() {
    return List.copyOf(tail);
  }

  /** Waits up to {@code wait} for the log to end (the container stopped); true if it did. */
  boolean awaitEnd(Duration wait) {
    try {
      return ended.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void finish() {
    List<String> rest = new java.util.ArrayList<>();
    synchronized (this) {
      partial.values().stream().filter(b -> b.size() > 0).forEach(b -> rest.add(take(b)));
    }
    rest.forEach(this::emit);
    ended.countDown();
  }

  private static String take(ByteArrayOutputStream buffer) {
    String line = buffer.toString(StandardCharsets.UTF_8);
    buffer.reset();
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  private void emit(String line) {
    synchronized (this) {
      if (tail.size() == TAIL) {
        tail.removeFirst();
      }
      tail.addLast(line);
    }
    try {
      sink.accept(line);
    } catch (RuntimeException e) {
      if (!sinkFailed) { // once: a broken sink must not flood the log it is part of
        sinkFailed = true;
        LOG.warn("a container's log sink failed; its lines are dropped", e);
      }
    }
  }
}
