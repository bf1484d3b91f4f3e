package dev.jflow.cli.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * ONNX Runtime's native libraries, taken out of its jar when the context is laid out so that the image's
 * JVMs load them from {@code /app/native} ({@code -Donnxruntime.native.path}) instead of copying 16 MB
 * into {@code /tmp} at every start. ONNX Runtime 1.20 still makes an empty {@code /tmp/onnxruntime-java*}
 * directory then, so {@code /tmp} must stay writable.
 */
final class OnnxRuntimeNatives {
  /** Where the libraries go in the image. */
  static final String DIR = "/app/native";
  /** The JVM option that points ONNX Runtime at {@link #DIR}. */
  static final String OPTION = "-Donnxruntime.native.path=" + DIR;
  private static final String PREFIX = "ai/onnxruntime/native/";
  private static final String CLASS = "ai/onnxruntime/OnnxRuntime.class";

  private OnnxRuntimeNatives() {}

  /**
   * Copies the host's ONNX Runtime libraries ({@code ai/onnxruntime/native/linux-x64/*.so} on x64) from the
   * first of {@code jars} (in class path order) that holds ONNX Runtime into {@code into}, which it creates;
   * the file names copied, none (and no directory) when no jar holds them.
   */
  static List<String> extract(List<Path> jars, Path into) throws IOException {
    for (Path jar : jars) {
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        if (zip.getEntry(CLASS) == null) {
          continue;
        }
        List<String> copied = new ArrayList<>();
        for (ZipEntry e : Collections.list(zip.entries())) {
          String name = e.getName();
          if (!e.isDirectory() && name.startsWith(PREFIX) && JreLayout.isHostNative(name)) {
            String file = name.substring(name.lastIndexOf('/') + 1);
            Files.createDirectories(into);
            try (InputStream in = zip.getInputStream(e)) {
              Files.copy(in, into.resolve(file));
            }
            copied.add(file);
          }
        }
        Collections.sort(copied);
        return copied; // the class path's first ONNX Runtime is the one the JVM loads
      }
    }
    return List.of();
  }

  /** {@code options} with {@link #OPTION} after {@code defaults} of them, so that an option given later (the user's) wins. */
  static List<String> withOption(List<String> options, int defaults) {
    List<String> out = new ArrayList<>(options);
    out.add(Math.min(defaults, out.size()), OPTION);
    return List.copyOf(out);
  }
}
