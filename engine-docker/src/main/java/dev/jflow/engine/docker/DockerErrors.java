package dev.jflow.engine.docker;

import com.github.dockerjava.api.exception.DockerException;
import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns what docker-java throws into a {@link FlowException} saying what failed and what to do. */
final class DockerErrors {
  private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  private DockerErrors() {
  }

  /** Whether {@code e} is an interrupt of the calling thread seen through docker-java's I/O. */
  static boolean isInterrupt(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ClosedByInterruptException || (t instanceof InterruptedIOException && Thread.currentThread().isInterrupted())) {
        return true;
      }
    }
    return false;
  }

  /** {@code e}, thrown while {@code doing} (e.g. "creating a container of image x"), against the engine at {@code host}. */
  static FlowException map(RuntimeException e, String doing, String host) {
    if (e instanceof FlowException) {
      return (FlowException) e;
    }
    if (e instanceof DockerException) {
      return new FlowException(Status.of(Status.Code.FAILED_PRECONDITION,
          "Docker refused " + doing + ": " + engineMessage((DockerException) e)).withCause(e));
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return unavailable(host, t, e);
      }
    }
    return new FlowException(Status.of(Status.Code.FAILED_PRECONDITION, doing + " failed: " + e).withCause(e));
  }

  static FlowException unavailable(String host, Throwable why, Throwable cause) {
    return new FlowException(Status.of(Status.Code.UNAVAILABLE, "no Docker engine answers at " + host + ": " + why
        + "; start Docker, or point DOCKER_HOST at an engine that runs").withCause(cause));
  }

  /** The engine's own words: the {@code message} of its JSON answer, else docker-java's message. */
  static String engineMessage(DockerException e) {
    String text = String.valueOf(e.getMessage());
    Matcher m = MESSAGE.matcher(text);
    return m.find() ? m.group(1).replace("\\\"", "\"").replace("\\n", " ") : text.strip();
  }
}
