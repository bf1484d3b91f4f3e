package dev.jflow.api.internal;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Expands glob patterns ({@code glob:} syntax of {@link java.nio.file.FileSystem#getPathMatcher}) into
 * the regular files they match. Each pattern is walked from its longest leading directory without glob
 * characters. When recursive, {@code **}{@code /} also matches no directory at all, as in Python's glob
 * and bash's globstar; otherwise {@code **} matches like {@code *}.
 */
final class Globs {
  private static final String GLOB_CHARS = "*?[{";

  private Globs() {}

  /**
   * The absolute paths of the regular files matching any pattern, sorted and without duplicates.
   *
   * @throws FlowException INVALID_ARGUMENT when a pattern is null, blank, not a valid glob, or starts in
   *     a directory that does not exist
   */
  static List<Path> expand(List<String> patterns, boolean recursive) {
    if (patterns == null) {
      throw invalid("file patterns are null; pass globs such as \"data/**/*.png\"");
    }
    TreeSet<Path> files = new TreeSet<>();
    for (int i = 0; i < patterns.size(); i++) {
      String pattern = patterns.get(i);
      if (pattern == null || pattern.isBlank()) {
        throw invalid("file pattern " + (i + 1) + " is " + (pattern == null ? "null" : "blank")
            + "; pass globs such as \"data/**/*.png\"");
      }
      files.addAll(expand(pattern, recursive));
    }
    return new ArrayList<>(files);
  }

  private static List<Path> expand(String pattern, boolean recursive) {
    List<String> parts = Arrays.asList(pattern.split("/", -1));
    int k = 0;
    while (k < parts.size() - 1 && !hasGlob(parts.get(k))) {
      k++;
    }
    String baseText = String.join("/", parts.subList(0, k));
    if (baseText.isEmpty()) {
      baseText = pattern.startsWith("/") ? "/" : ".";
    }
    Path base = Path.of(baseText).toAbsolutePath().normalize();
    if (!Files.isDirectory(base)) {
      throw invalid("file pattern '" + pattern + "' starts in " + base + ", which "
          + (Files.exists(base) ? "is not a directory" : "does not exist"));
    }
    String rest = String.join("/", parts.subList(k, parts.size()));
    if (!recursive) {
      rest = rest.replace("**", "*");
    }
    // without "**", a match lies no deeper than the pattern has segments
    int depth = rest.contains("**") ? Integer.MAX_VALUE : parts.size() - k;
    List<PathMatcher> matchers = matchers(pattern, base, rest);
    try (Stream<Path> walk = Files.walk(base, depth)) {
      return walk.filter(p -> matches(matchers, base.relativize(p)) && Files.isRegularFile(p))
          .collect(Collectors.toList());
    } catch (IOException | UncheckedIOException e) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "cannot list the files of pattern '" + pattern
          + "' in " + base + ": " + e.getMessage(), e);
    }
  }

  private static List<PathMatcher> matchers(String pattern, Path base, String glob) {
    List<PathMatcher> matchers = new ArrayList<>();
    try {
      for (String variant : zeroDirectoryVariants(glob, 0)) {
        matchers.add(base.getFileSystem().getPathMatcher("glob:" + variant));
      }
    } catch (PatternSyntaxException e) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "file pattern '" + pattern + "' is not a valid glob: "
          + e.getDescription(), e);
    }
    return matchers;
  }

  /** {@code glob} with each whole-segment {@code **}{@code /} from {@code from} on kept or removed. */
  private static List<String> zeroDirectoryVariants(String glob, int from) {
    int at = glob.indexOf("**/", from);
    while (at > 0 && glob.charAt(at - 1) != '/') {
      at = glob.indexOf("**/", at + 1);
    }
    if (at < 0) {
      return List.of(glob);
    }
    List<String> out = new ArrayList<>(zeroDirectoryVariants(glob, at + 3));
    out.addAll(zeroDirectoryVariants(glob.substring(0, at) + glob.substring(at + 3), at));
    return out;
  }

  private static boolean matches(List<PathMatcher> matchers, Path relative) {
    return matchers.stream().anyMatch(m -> m.matches(relative));
  }

  private static boolean hasGlob(String segment) {
    return segment.chars().anyMatch(c -> GLOB_CHARS.indexOf(c) >= 0);
  }

  private static FlowException invalid(String message) {
    return new FlowException(Status.Code.INVALID_ARGUMENT, message);
  }
}
