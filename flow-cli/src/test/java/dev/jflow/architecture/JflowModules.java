package dev.jflow.architecture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The JFlow modules as their module-info declares them, read from the compiled descriptors on the
 * test class path: the one list of what each module exports, and to whom. A module's name is its
 * root package ({@code dev.jflow.core} holds {@code dev.jflow.core..}), so a class belongs to the
 * module whose name is the longest prefix of its package.
 */
final class JflowModules {
  /** The library modules, each with a module-info. */
  static final Set<String> NAMES = Set.of("dev.jflow.api", "dev.jflow.core", "dev.jflow.proto", "dev.jflow.transport.grpc",
      "dev.jflow.transport.websocket", "dev.jflow.executors", "dev.jflow.neural", "dev.jflow.junit", "dev.jflow.engine.docker", "dev.jflow.cli");

  private final Map<String, ModuleDescriptor> byName;

  JflowModules(Map<String, ModuleDescriptor> byName) {
    this.byName = Map.copyOf(byName);
  }

  /** The descriptors of every {@code dev.jflow.*} module on the class path; fails when one of {@link #NAMES} has none. */
  static JflowModules onClassPath() {
    Map<String, ModuleDescriptor> found = new TreeMap<>();
    try {
      Enumeration<URL> infos = JflowModules.class.getClassLoader().getResources("module-info.class");
      while (infos.hasMoreElements()) {
        URL info = infos.nextElement();
        String name;
        try (InputStream in = info.openStream()) {
          name = ModuleDescriptor.read(in).name();
        }
        if (name.startsWith("dev.jflow.")) {
          // the finder scans the jar or directory, so the descriptor knows every package, not only the exported ones
          ModuleReference ref = ModuleFinder.of(rootOf(info)).find(name).orElseThrow();
          found.put(name, ref.descriptor());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!found.keySet().containsAll(NAMES)) {
      throw new IllegalStateException("no module-info.class on the class path for " + NAMES.stream().filter(n -> !found.containsKey(n))
          .sorted().toList() + "; a jar built before the modules had descriptors? Build with -am");
    }
    return new JflowModules(found);
  }

  private static Path rootOf(URL info) throws IOException {
    try {
      if (info.getProtocol().equals("jar")) {
        return Path.of(((JarURLConnection) info.openConnection()).getJarFileURL().toURI());
      }
      return Path.of(info.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IOException("cannot locate " + info, e);
    }
  }

  Map<String, ModuleDescriptor> all() {
    return byName;
  }

  /** The module a package belongs to: the module whose name is the longest prefix of it. */
  Optional<ModuleDescriptor> moduleOf(String packageName) {
    return byName.values().stream()
        .filter(d -> packageName.equals(d.name()) || packageName.startsWith(d.name() + "."))
        .max((a, b) -> Integer.compare(a.name().length(), b.name().length()));
  }

  /** Whether {@code owner} exports {@code packageName} to {@code reader} (null: a class in no JFlow module). */
  static boolean exports(ModuleDescriptor owner, String packageName, String reader) {
    return owner.exports().stream().anyMatch(e -> e.source().equals(packageName)
        && (!e.isQualified() || reader != null && e.targets().contains(reader)));
  }
}
