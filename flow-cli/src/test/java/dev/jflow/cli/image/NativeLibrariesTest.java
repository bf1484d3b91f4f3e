package dev.jflow.cli.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * An image holds the host libraries that native libraries inside jflow's jars link to: ONNX Runtime's
 * (SentenceEncoder) needs libstdc++ and glibc's libdl, librt and libpthread, which the JVM itself does not.
 */
class NativeLibrariesTest {
  private static Path jarOf(String className) throws Exception {
    return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  @Test
  void onnxRuntimesNativeLibraryBringsTheHostLibrariesItLinksTo() throws Exception {
    List<String> needed = JreLayout.nativeLibraryNeeds(List.of(jarOf("ai.onnxruntime.OrtEnvironment")));
    assertTrue(needed.stream().anyMatch(l -> l.endsWith("/libstdc++.so.6")), needed::toString);
    assertTrue(needed.stream().anyMatch(l -> l.endsWith("/libdl.so.2")), needed::toString);
    assertTrue(needed.stream().anyMatch(l -> l.endsWith("/libc.so.6")), needed::toString);
    assertFalse(needed.stream().anyMatch(l -> l.contains("jflow-native")), "not the copies themselves: " + needed);
  }

  @Test
  void aJarWithoutNativeLibrariesNeedsNothing() throws Exception {
    assertEquals(List.of(), JreLayout.nativeLibraryNeeds(List.of(Path.of(CommandLine.class.getProtectionDomain().getCodeSource()
        .getLocation().toURI()))));
  }

  /** The image's JVMs load ONNX Runtime from /app/native instead of copying its 16 MB library into /tmp at every start. */
  @Test
  void onnxRuntimesLibrariesAreTakenOutOfItsJarForTheImage(@TempDir Path dir) throws Exception {
    Path picocli = Path.of(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path onnx = jarOf("ai.onnxruntime.OrtEnvironment");
    Path into = dir.resolve("rootfs/app/native");
    assertEquals(List.of("libonnxruntime.so", "libonnxruntime4j_jni.so"), OnnxRuntimeNatives.extract(List.of(picocli, onnx), into));
    String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch64" : "x64";
    try (ZipFile zip = new ZipFile(onnx.toFile())) {
      assertEquals(zip.getEntry("ai/onnxruntime/native/linux-" + arch + "/libonnxruntime.so").getSize(),
          Files.size(into.resolve("libonnxruntime.so")), "the whole library");
    }
    assertEquals(List.of(), OnnxRuntimeNatives.extract(List.of(picocli), dir.resolve("none")));
    assertFalse(Files.exists(dir.resolve("none")), "no directory without ONNX Runtime");
  }

  @Test
  void theNativePathOptionComesAfterTheDefaultsAndBeforeTheUsersOptions() {
    List<String> options = List.of("-XX:+UseSerialGC", "-Xmx256m", "-Donnxruntime.native.path=/mine");
    assertEquals(List.of("-XX:+UseSerialGC", "-Xmx256m", "-Donnxruntime.native.path=/app/native", "-Donnxruntime.native.path=/mine"),
        OnnxRuntimeNatives.withOption(options, 2), "a later -D wins: the user's");
  }

  @Test
  void onlyLinuxLibrariesOfThisArchitectureCount() {
    String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch64" : "x64";
    String other = arch.equals("x64") ? "aarch64" : "x64";
    assertTrue(JreLayout.isHostNative("ai/onnxruntime/native/linux-" + arch + "/libonnxruntime.so"));
    assertFalse(JreLayout.isHostNative("ai/onnxruntime/native/linux-" + other + "/libonnxruntime.so"));
    assertFalse(JreLayout.isHostNative("ai/onnxruntime/native/osx-" + arch + "/libonnxruntime.dylib"));
    assertFalse(JreLayout.isHostNative("ai/onnxruntime/native/win-x64/onnxruntime.dll"));
  }
}
