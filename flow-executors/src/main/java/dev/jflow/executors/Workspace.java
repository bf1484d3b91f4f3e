package dev.jflow.executors;

import dev.jflow.api.spi.ExecutorContext;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Where an executor keeps its files, atomic file replacement, and the files of a dump. */
final class Workspace {
  private Workspace() {}

  /** Writes the body of a file. */
  @FunctionalInterface
  interface Body {
    void write(OutputStream out) throws IOException;
  }

  /**
   * The executor's directory, created if missing: {@code <workspace>/<name>} for shard 0 (or a pod
   * without shards), {@code <workspace>/<name>-<shard>} for shard 1 and up; null without a workspace.
   * {@code name} defaults to the pod's name.
   */
  static Path dir(ExecutorContext context, Args args) {
    String workspace = args.string("workspace", null);
    if (workspace == null) {
      return null;
    }
    String pod = context.pod() == null || context.pod().isBlank() ? "executor" : context.pod();
    String name = args.string("name", pod);
    if (context.shard() > 0) {
      name = name + "-" + context.shard();
    }
    Path dir = Paths.get(workspace).resolve(name);
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        syncDir(dir.toAbsolutePath().getParent()); // the new directory's name is on disk before files go in it
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the workspace directory " + dir + ": " + e.getMessage(), e);
    }
    return dir;
  }

  /**
   * Forces {@code dir}'s entries (names created, renamed or removed in it) to disk; best effort: where
   * the platform cannot open a directory, nothing.
   */
  static void syncDir(Path dir) {
    if (dir == null) {
      return;
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | RuntimeException e) {
      // not every platform opens directories (Windows); the rename is atomic still
    }
  }

  /**
   * Writes {@code target} through a temporary sibling, forced to disk, then moved over it atomically;
   * the directory is forced after the move, so the new file survives a power loss once this returns.
   */
  static void writeAtomically(Path target, Body body) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = parent.resolve(target.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      OutputStream out = Channels.newOutputStream(ch);
      body.write(out);
      out.flush();
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    syncDir(parent);
  }

  /**
   * What {@code files} hold now, as far as their names, sizes and modification times tell: a load_path
   * dumped again gives another value, so a rolling update with it loads it again.
   */
  static String fingerprint(List<Path> files) {
    StringBuilder b = new StringBuilder();
    for (Path f : files) {
      try {
        b.append(f.toAbsolutePath().normalize()).append(' ').append(Files.size(f)).append(' ')
            .append(Files.getLastModifiedTime(f).toInstant()).append('\n');
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
      }
    }
    return b.toString();
  }

  /** The dump part a document id belongs to: stable across runs and shared by every indexer, so parts line up. */
  static int part(String id, int parts) {
    return Math.floorMod(id.hashCode(), parts);
  }

  /** The file of dump part {@code part}: {@code <path>/<prefix>-<part><suffix>}. */
  static Path partFile(Path path, String prefix, int part, String suffix) {
    return path.resolve(prefix + "-" + part + suffix);
  }

  /**
   * The files that {@code load_path} names for shard {@code shard}: the path itself when it is a file;
   * else {@code <path>/<prefix>-<shard><suffix>} and the same file in each {@code shard-*} subdirectory
   * (a dump of a sharded pod), in name order; failing those, {@code <path>/<prefix><suffix>} (a
   * workspace directory).
   *
   * @throws IllegalArgumentException naming what was looked for when there is none
   */
  static List<Path> loadFiles(Path path, String prefix, int shard, String suffix, String owner) {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    List<Path> found = new ArrayList<>();
    String file = prefix + "-" + Math.max(0, shard) + suffix;
    if (Files.isDirectory(path)) {
      if (Files.isRegularFile(path.resolve(file))) {
        found.add(path.resolve(file));
      }
      try (Stream<Path> subs = Files.list(path)) {
        subs.filter(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith("shard-"))
            .sorted().map(p -> p.resolve(file)).filter(Files::isRegularFile).forEach(found::add);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list load_path " + path + ": " + e.getMessage(), e);
      }
    }
    if (found.isEmpty() && Files.isRegularFile(path.resolve(prefix + suffix))) {
      found.add(path.resolve(prefix + suffix)); // a workspace directory
    }
    if (found.isEmpty()) {
      throw new IllegalArgumentException(owner + ": load_path " + path + " holds no " + file + " (nor shard-*/" + file
          + "); load_path names a file of that format or a directory a DUMP wrote");
    }
    return found;
  }
}
