package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfinementTest {
  @TempDir
  Path tmp;

  private Path root() throws Exception {
    return Files.createDirectories(tmp.resolve("ws")).toRealPath();
  }

  private static String refused(Confinement c, String path) {
    FlowException e = assertThrows(FlowException.class, () -> c.resolve("DUMP path", path));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    String says = e.status().description();
    assertTrue(says.startsWith("DUMP path '" + path + "' "), says);
    assertTrue(says.contains("must lie under the Flow's workspace " + c.root()), "names the workspace: " + says);
    assertFalse(says.contains("move"), "suggests nothing to do with the path: " + says);
    return says;
  }

  @Test
  void aRelativePathResolvesUnderTheWorkspaceAndAnAbsoluteOneInsideIsKept() throws Exception {
    Path root = root();
    Confinement c = new Confinement(root);
    assertEquals(root.resolve("dumps/v1"), c.resolve("DUMP path", "dumps/v1"));
    assertEquals(root.resolve("dumps/v2"), c.resolve("DUMP path", "dumps/./v2"));
    assertEquals(root.resolve("a"), c.resolve("DUMP path", root.resolve("a").toString()));
    assertEquals(root, c.resolve("DUMP path", root.toString()), "the workspace itself");
    assertFalse(Files.exists(root.resolve("dumps")), "nothing is created");
  }

  @Test
  void aWorkspaceThatDoesNotExistYetStillConfines() throws Exception {
    Confinement c = new Confinement(tmp.toRealPath().resolve("not/yet"));
    assertEquals(c.root().resolve("d"), c.resolve("DUMP path", "d"));
    refused(c, tmp.resolve("elsewhere").toString());
    assertFalse(Files.exists(tmp.resolve("not")));
  }

  @Test
  void dotDotAbsolutePathsOutsideAndBlankPathsAreRefused() throws Exception {
    Confinement c = new Confinement(root());
    assertTrue(refused(c, "../../tmp/evil-rel").contains("contains '..'"));
    assertTrue(refused(c, "a/../b").contains("contains '..'"), "no climbing at all, even back inside");
    assertTrue(refused(c, tmp.resolve("evil-dump").toString()).contains("lies outside the workspace"));
    assertTrue(refused(c, "/etc/passwd").contains("lies outside the workspace"));
    assertTrue(refused(c, tmp.resolve("ws-sibling").toString()).contains("lies outside"), "a prefix is not a parent");
    assertTrue(refused(c, " ").contains("is empty"));
    assertTrue(refused(c, "bad\0path").contains("is not a valid path"));
  }

  @Test
  void symbolicLinksLeadingOutAreRefusedAndThoseStayingInsideFollowed() throws Exception {
    Path root = root();
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.createSymbolicLink(root.resolve("out"), outside);
    Files.createSymbolicLink(root.resolve("dangling"), tmp.resolve("nowhere"));
    Files.createDirectories(root.resolve("real"));
    Files.createSymbolicLink(root.resolve("in"), root.resolve("real"));
    Confinement c = new Confinement(root);

    assertTrue(refused(c, "out/dump").contains("leads outside the workspace through a symbolic link"));
    assertTrue(refused(c, "out").contains("through a symbolic link"));
    assertTrue(refused(c, root.resolve("out/x/y").toString()).contains("through a symbolic link"));
    assertTrue(refused(c, "dangling").contains("cannot be checked"), "a link to nothing could be made to point anywhere");
    assertTrue(refused(c, "dangling/x").contains("cannot be checked"));
    assertEquals(root.resolve("real/dump"), c.resolve("DUMP path", "in/dump"), "resolved to where it really is");
  }

  @Test
  void aWorkspaceReachedThroughALinkConfinesToWhereItReallyIs() throws Exception {
    Path root = root();
    Path link = Files.createSymbolicLink(tmp.resolve("ws-link"), root);
    Confinement c = new Confinement(link);
    assertEquals(root.resolve("d"), c.resolve("DUMP path", "d"));
    assertEquals(root.resolve("d"), c.resolve("DUMP path", link.resolve("d").toString()));
    assertEquals(root.resolve("d"), c.resolve("DUMP path", root.resolve("d").toString()), "by its real name too");
    refused(c, tmp.resolve("elsewhere").toString());
  }
}
