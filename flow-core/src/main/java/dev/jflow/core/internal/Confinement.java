package dev.jflow.core.internal;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Keeps the paths that control requests name inside the Flow's workspace: a relative path resolves
 * against it, an absolute one must lie in it, and neither {@code ..} nor a symbolic link may lead out of
 * it. The one place where a path taken from a request becomes a path on disk; nothing is created here.
 */
final class Confinement {
  private final Path root;

  /** Confines to {@code root}, made absolute against the working directory now. */
  Confinement(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** The workspace paths are confined to (absolute). */
  Path root() {
    return root;
  }

  /**
   * The path {@code given} names, under the workspace, with the symbolic links of its existing part
   * resolved (so what is checked is what gets written).
   *
   * @param what what the path is for in messages, e.g. {@code DUMP path}
   * @throws FlowException INVALID_ARGUMENT naming the path, the workspace and the rule it breaks
   */
  Path resolve(String what, String given) {
    if (given == null || given.isBlank()) {
      throw refused(what, given, "is empty");
    }
    Path path;
    try {
      path = Path.of(given);
    } catch (InvalidPathException e) {
      throw refused(what, given, "is not a valid path (" + e.getReason() + ")");
    }
    for (Path name : path) {
      if (name.toString().equals("..")) {
        throw refused(what, given, "contains '..'");
      }
    }
    Path lexical = root.resolve(path).normalize();
    Path realRoot = real(root, what, given);
    if (!lexical.startsWith(root) && !lexical.startsWith(realRoot)) {
      throw refused(what, given, "lies outside the workspace");
    }
    Path real = real(lexical, what, given);
    if (!real.startsWith(realRoot)) {
      throw refused(what, given, "leads outside the workspace through a symbolic link");
    }
    return real;
  }

  /** {@code path} with its deepest existing ancestor (itself included) replaced by that ancestor's real path. */
  private Path real(Path path, String what, String given) {
    Path existing = path;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return path;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(path));
    } catch (IOException e) { // a symbolic link to nothing, or a directory we may not read: refuse what we cannot check
      throw refused(what, given, "cannot be checked (" + e.getClass().getSimpleName() + " at " + existing + ")");
    }
  }

  private FlowException refused(String what, String given, String problem) {
    return new FlowException(Status.Code.INVALID_ARGUMENT, what + " '" + given + "' " + problem
        + "; a path in a control request must lie under the Flow's workspace " + root
        + " (a relative path resolves against it), without '..' or symbolic links leading out");
  }
}
