package dev.jflow.cli.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The Dockerfile of an image context: the whole file system from {@code rootfs/}, the jflow command as entry point. */
final class Dockerfile {
  private Dockerfile() {}

  /**
   * FROM scratch with {@code labels}, {@code JFLOW_USES=uses} when {@code uses} is not null, and an entry point
   * running {@code dev.jflow.cli.Main} with {@code jvmOptions} ({@link ImageContext#command}).
   */
  static String of(Map<String, String> labels, String uses, List<String> jvmOptions) {
    StringBuilder b = new StringBuilder("FROM scratch\n");
    labels.forEach((k, v) -> b.append("LABEL ").append(quoted(k)).append('=').append(quoted(v)).append('\n'));
    b.append("COPY rootfs/ /\n");
    if (uses != null) {
      b.append("ENV JFLOW_USES=").append(quoted(uses)).append('\n');
    }
    List<String> entry = ImageContext.command(jvmOptions);
    // the exec form: a JSON array, which Docker neither splits nor expands
    b.append("ENTRYPOINT [").append(entry.stream().map(Dockerfile::json).collect(Collectors.joining(", "))).append("]\n");
    return b.toString();
  }

  /** A double-quoted Dockerfile word, with {@code $} escaped so that Docker does not expand it. */
  private static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$") + "\"";
  }

  private static String json(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** Fails when {@code value} (what {@code name} says) cannot go into a Dockerfile line. */
  static String checked(String name, String value) {
    if (value.isBlank() || value.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(name + " '" + value + "' must be non-blank and on one line, without control characters");
    }
    return value;
  }
}
