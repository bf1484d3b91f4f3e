package dev.jflow.core.internal;

import dev.jflow.api.ClientConfig;
import dev.jflow.api.ExecutorRef;
import dev.jflow.api.FlowException;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Secret;
import dev.jflow.api.Status;
import dev.jflow.api.TlsConfig;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.spi.Telemetry;
import dev.jflow.api.spi.TransportProvider;
import dev.jflow.core.TransportRegistry;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Turns a pod's {@code uses} into a factory of executors: built-ins by name, classes by reflection,
 * remote pods through the transport registry (reporting their connection to the Flow's telemetry), and
 * pods in containers ({@code docker://IMAGE}) through the container engine of the scheme, a container
 * per replica, each ready within the Flow's {@code timeout_ready}.
 */
final class ExecutorCatalog {
  private static final Map<String, Supplier<Executor>> BUILT_INS = new TreeMap<>(Map.of(
      PodSpec.PASS, PassExecutor::new,
      "_merge", BuiltInReducers.Merge::new,
      "_merge_chunks", BuiltInReducers.MergeChunks::new,
      "_merge_matches", BuiltInReducers.MergeMatches::new,
      "_merge_matches_topk", BuiltInReducers.MergeMatchesTopK::new,
      "_concat", BuiltInReducers.Concat::new));

  /** {@code protocol://host:port}, the host possibly a bracketed IPv6 address. */
  private static final java.util.regex.Pattern REMOTE = java.util.regex.Pattern.compile("([a-z][a-z0-9+.-]*)://(\\[[^\\]]+\\]|[^:/\\[\\]]+):(\\d{1,5})/?");

  /** In a remote address, stands for the index of the shard whose replicas use it. */
  static final String SHARD = "{shard}";

  private final TransportRegistry registry;
  private final String flow;
  private final Telemetry telemetry;
  private final java.time.Duration timeoutReady;
  private final Function<String, List<InetAddress>> resolver;

  /**
   * A catalog of Flow {@code flow}: remote pods are reached through {@code registry} and report to
   * {@code telemetry}; containers must serve within {@code timeoutReady}.
   */
  ExecutorCatalog(TransportRegistry registry, String flow, Telemetry telemetry, java.time.Duration timeoutReady) {
    this(registry, flow, telemetry, timeoutReady, RemoteExecutor.DNS);
  }

  /** As above, remote pods looking their names up with {@code resolver}. */
  ExecutorCatalog(TransportRegistry registry, String flow, Telemetry telemetry, java.time.Duration timeoutReady,
      Function<String, List<InetAddress>> resolver) {
    this.registry = registry;
    this.flow = flow;
    this.telemetry = telemetry;
    this.timeoutReady = timeoutReady;
    this.resolver = resolver;
  }

  /** Why a pod's {@code uses} names nothing usable. */
  static final class Unusable extends Exception {
    private static final long serialVersionUID = 1L;

    Unusable(String message) {
      super(message);
    }
  }

  /**
   * The factories of {@code pod}'s shards' executors (shard index to factory), checked now so that a bad
   * name fails at build time. A remote address may hold {@value #SHARD}, the shard's index. Remote pods
   * are reached with the pod's TLS (null: plaintext) and token (read now).
   *
   * @throws Unusable saying why when {@code uses} names nothing usable
   */
  IntFunction<Supplier<? extends Executor>> resolveShards(ExecutorRef ref, PodSpec spec) throws Unusable {
    String pod = spec.name();
    TlsConfig tls = spec.tls();
    if (ref.factory() == null && ref.name().contains("://") && ref.name().contains(SHARD)) {
      String uses = ref.name();
      String secret = token(pod, spec.token());
      try {
        remotes(pod, uses.replace(SHARD, "0"), tls, secret); // checked now, made per shard
      } catch (Unusable e) {
        throw new Unusable(e.getMessage() + " (shard 0's address, from '" + uses + "')");
      }
      return shard -> {
        try {
          return remotes(pod, uses.replace(SHARD, Integer.toString(shard)), tls, secret);
        } catch (Unusable e) {
          throw new FlowException(Status.Code.INVALID_ARGUMENT, e.getMessage());
        }
      };
    }
    Supplier<? extends Executor> all = resolve(ref, spec);
    return shard -> all;
  }

  /**
   * The factory of executors {@code ref} names for {@code spec}'s pod where shards do not matter (its
   * head or tail, or a pod without {@value #SHARD}), checked now so that a bad name fails at build time.
   * Remote pods are reached with the pod's TLS (null: plaintext) and token (read now).
   *
   * @throws Unusable saying why when {@code uses} names nothing usable
   */
  Supplier<? extends Executor> resolve(ExecutorRef ref, PodSpec spec) throws Unusable {
    if (ref.factory() != null) {
      return ref.factory();
    }
    String uses = ref.name();
    String pod = spec.name();
    TlsConfig tls = spec.tls();
    Secret token = spec.token();
    if (uses.contains(SHARD)) {
      throw new Unusable("pod '" + pod + "' uses '" + uses + "': " + SHARD + " stands only in the remote address of a pod's own "
          + "executor (uses: grpc://name-" + SHARD + ":port), which each shard's replicas use with their shard's index");
    }
    if (uses.startsWith(PodSpec.DOCKER_SCHEME)) {
      return containers(spec, uses);
    }
    if (uses.contains("://")) {
      return remotes(pod, uses, tls, token(pod, token));
    }
    Supplier<Executor> builtIn = BUILT_INS.get(uses);
    if (builtIn != null) {
      return builtIn;
    }
    if (uses.startsWith("_")) {
      throw new Unusable("pod '" + pod + "' uses '" + uses + "', which is not a built-in executor; built-ins are " + BUILT_INS.keySet());
    }
    return byClassName(pod, uses);
  }

  /** The token of a remote pod, read now, or null. */
  private static String token(String pod, Secret token) throws Unusable {
    if (token == null) {
      return null;
    }
    try {
      return dev.jflow.api.internal.TokenSet.first(token.read(), token.source());
    } catch (FlowException e) {
      throw new Unusable("pod '" + pod + "' has a token that cannot be read: " + e.status().description());
    }
  }

  /**
   * Remote pods: {@code protocol://host:port}, or several addresses separated by commas, one per
   * replica (replica i uses address i modulo their number), as Jina's {@code peas_hosts}.
   */
  private Supplier<Executor> remotes(String pod, String uses, TlsConfig tls, String token) throws Unusable {
    List<Supplier<Executor>> each = new ArrayList<>();
    for (String address : uses.split(",")) {
      java.util.regex.Matcher m = REMOTE.matcher(address.trim());
      if (!m.matches()) {
        throw new Unusable("pod '" + pod + "' uses '" + address.trim() + "', which is not protocol://host:port");
      }
      each.add(remote(pod, m.group(1), m.group(2), Integer.parseInt(m.group(3)), tls, token));
    }
    if (each.size() == 1) {
      return each.get(0);
    }
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    return () -> each.get(Math.floorMod(next.getAndIncrement(), each.size())).get();
  }

  private Supplier<Executor> remote(String pod, String protocol, String host, int port, TlsConfig tls, String token)
      throws Unusable {
    if (port < 1 || port > 65535) {
      throw new Unusable("pod '" + pod + "' uses " + protocol + "://" + host + ":" + port + ", whose port is not 1 to 65535");
    }
    try {
      TransportProvider provider = registry.provider(protocol);
      String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
      ClientConfig config = ClientConfig.builder().protocol(protocol).host(h).port(port).token(token).tls(tls).build();
      return () -> new RemoteExecutor(provider, config, telemetry, flow, pod, resolver);
    } catch (FlowException e) {
      throw new Unusable("pod '" + pod + "' uses a remote " + protocol + " pod, but: " + e.status().description());
    }
  }

  /** A container per replica, started by the engine of {@code uses}' scheme and reached over gRPC. */
  private Supplier<Executor> containers(PodSpec spec, String uses) throws Unusable {
    String scheme = uses.substring(0, uses.indexOf("://"));
    if (spec.tls() != null) {
      throw new Unusable("pod '" + spec.name() + "' uses " + uses + ", whose containers serve plaintext on the loopback: drop its tls");
    }
    dev.jflow.api.spi.ContainerEngine engine;
    try {
      engine = ContainerEngines.find(scheme);
    } catch (ContainerEngines.Missing e) {
      throw new Unusable("pod '" + spec.name() + "' uses " + uses + ", but " + e.getMessage());
    }
    TransportProvider grpc;
    try {
      grpc = registry.provider("grpc");
    } catch (FlowException e) {
      throw new Unusable("pod '" + spec.name() + "' uses " + uses + ", whose containers serve gRPC, but: " + e.status().description());
    }
    String image = uses.substring(PodSpec.DOCKER_SCHEME.length());
    // a little under timeout_ready: this replica's own failure, with the container's log, comes before the Flow's timer
    java.time.Duration wait = timeoutReady.minus(java.time.Duration.ofMillis(Math.min(2_000, timeoutReady.toMillis() / 10)));
    String token = token(spec.name(), spec.token());
    return () -> new ContainerExecutor(engine, image, spec, flow, grpc, telemetry, wait, token);
  }

  /**
   * Where our own executors live, in the order tried, so that YAML and code can name them by short name
   * ({@code VectorIndexer}, {@code SentenceEncoder}).
   */
  static final List<String> STANDARD_PACKAGES = List.of("dev.jflow.executors.", "dev.jflow.neural.");

  /** The standard executors of modules a user may leave out: short name to the module to add. */
  private static final Map<String, String> OPTIONAL_MODULES = Map.of("SentenceEncoder", "flow-executors-neural");

  private static Supplier<Executor> byClassName(String pod, String name) throws Unusable {
    Class<?> type = load(name);
    for (int i = 0; type == null && !name.contains(".") && i < STANDARD_PACKAGES.size(); i++) {
      type = load(STANDARD_PACKAGES.get(i) + name);
    }
    if (type == null) {
      String module = OPTIONAL_MODULES.get(name);
      throw new Unusable("pod '" + pod + "' uses '" + name + "', which is neither a built-in executor " + BUILT_INS.keySet()
          + ", a standard executor of " + String.join(" or ", STANDARD_PACKAGES.stream().map(p -> p.substring(0, p.length() - 1)).toList())
          + " nor a class on the class path" + (module == null ? "" : "; " + name + " is in the " + module + " module: add "
          + "dev.jflow:" + module + " to the class path (or module path)"));
    }
    String className = type.getName();
    if (!Executor.class.isAssignableFrom(type)) {
      throw new Unusable("pod '" + pod + "' uses class " + className + ", which does not implement " + Executor.class.getName());
    }
    if (!Modifier.isPublic(type.getModifiers())) {
      throw new Unusable("pod '" + pod + "' uses class " + className + ", which is not public");
    }
    Constructor<?> ctor;
    try {
      ctor = type.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new Unusable("pod '" + pod + "' uses class " + className + ", which has no public no-arg constructor");
    }
    if (Modifier.isAbstract(type.getModifiers())) {
      throw new Unusable("pod '" + pod + "' uses class " + className + ", which is abstract");
    }
    Supplier<Executor> factory = () -> {
      try {
        return (Executor) ctor.newInstance();
      } catch (InvocationTargetException e) {
        throw new FlowException(Status.Code.FAILED_PRECONDITION,
            "constructing " + className + " for pod '" + pod + "' failed: " + e.getCause(), e.getCause());
      } catch (ReflectiveOperationException e) {
        throw new FlowException(Status.Code.FAILED_PRECONDITION, "cannot construct " + className + " for pod '" + pod + "': " + e, e);
      }
    };
    return factory;
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, loader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  private static ClassLoader loader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : ExecutorCatalog.class.getClassLoader();
  }
}
