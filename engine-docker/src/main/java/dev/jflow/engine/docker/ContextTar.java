package dev.jflow.engine.docker;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A build context as the tar the engine receives, with every file's and directory's mode as it is on
 * disk, the sticky, setuid and setgid bits included ({@code /tmp} of mode 1777 stays 1777 in the image;
 * docker-java's own tar writes directories 0755 and files 0644 or 0755). Owners are root (0:0), as
 * {@code COPY} sets them anyway; symbolic links are kept as links.
 */
final class ContextTar {
  private ContextTar() {}

  /** Writes the tree under {@code context} to {@code out} (which it does not close), names relative to {@code context}. */
  static void write(Path context, OutputStream out) throws IOException {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(context)) {
      paths = walk.filter(p -> !p.equals(context)).sorted().toList();
    }
    for (Path p : paths) {
      String name = context.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
      boolean link = Files.isSymbolicLink(p);
      boolean dir = !link && Files.isDirectory(p);
      TarArchiveEntry e;
      if (link) {
        e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
        e.setLinkName(Files.readSymbolicLink(p).toString());
      } else {
        e = new TarArchiveEntry(dir ? name + "/" : name);
        e.setSize(dir ? 0 : Files.size(p));
      }
      e.setMode(mode(p, dir, link));
      e.setIds(0, 0);
      e.setNames("root", "root");
      e.setModTime(Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS));
      tar.putArchiveEntry(e);
      if (!dir && !link) {
        Files.copy(p, tar);
      }
      tar.closeArchiveEntry();
    }
    tar.finish();
  }

  /** The mode of {@code p} with its type bits: the "unix" view's on Linux, else its POSIX permissions (no sticky bit). */
  static int mode(Path p, boolean dir, boolean link) throws IOException {
    int type = link ? 0120000 : dir ? 040000 : 0100000;
    try {
      return type | ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777);
    } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
      int bits = 0;
      Set<PosixFilePermission> perms = link ? Set.of() : Files.getPosixFilePermissions(p);
      for (PosixFilePermission perm : perms) {
        bits |= 0400 >> perm.ordinal(); // OWNER_READ .. OTHERS_EXECUTE, in the order of the bits
      }
      return type | (link ? 0777 : bits);
    }
  }
}
