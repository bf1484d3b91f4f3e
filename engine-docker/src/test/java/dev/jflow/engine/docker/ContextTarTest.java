package dev.jflow.engine.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build context's tar keeps what docker-java's loses: /tmp's sticky bit, files' own modes; owners are root. */
class ContextTarTest {
  @Test
  void keepsTheModesOfDirectoriesAndFilesTheStickyBitIncluded(@TempDir Path context) throws IOException {
    Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY rootfs/ /\n");
    Path tmp = Files.createDirectories(context.resolve("rootfs/tmp"));
    Files.setAttribute(tmp, "unix:mode", 01777);
    Path java = Files.createDirectories(context.resolve("rootfs/jre/bin")).resolve("java");
    Files.writeString(java, "#!");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path secret = Files.writeString(context.resolve("rootfs/app-secret.txt"), "only the owner reads");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    String longName = "rootfs/app/lib/" + "a-rather-long-jar-name-".repeat(6) + "1.0.jar"; // over tar's 100 characters
    Files.createDirectories(context.resolve(longName).getParent());
    Files.writeString(context.resolve(longName), "jar");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ContextTar.write(context, out);

    Map<String, TarArchiveEntry> entries = new TreeMap<>();
    Map<String, String> contents = new TreeMap<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        entries.put(e.getName(), e);
        if (e.isFile()) {
          contents.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    assertEquals("1777", Integer.toOctalString(entries.get("rootfs/tmp/").getMode() & 07777), "/tmp keeps its sticky bit");
    assertEquals("755", Integer.toOctalString(entries.get("rootfs/jre/bin/java").getMode() & 07777));
    assertEquals("600", Integer.toOctalString(entries.get("rootfs/app-secret.txt").getMode() & 07777));
    assertEquals("FROM scratch\nCOPY rootfs/ /\n", contents.get("Dockerfile"));
    assertEquals("jar", contents.get(longName), "a long name comes through whole");
    entries.values().forEach(e -> assertEquals(0L, e.getLongUserId(), e.getName() + " is root's"));
  }
}
