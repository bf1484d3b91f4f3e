package dev.jflow.cli;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.PodSpec;
import dev.jflow.core.Flows;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * {@code jflow pod}: serves one executor behind a gateway so that another Flow can use it as a
 * remote pod ({@code uses("grpc://host:port")}). Runs until the process is stopped.
 */
final class PodCommand {
  static final String USAGE = String.join("\n",
      "usage: jflow pod --uses EXECUTOR [--name NAME] [--host HOST] [--port PORT] [--protocol NAME] [--with KEY=VALUE]...",
      "",
      "  --uses EXECUTOR    a built-in (_pass) or an Executor class name on the class path (required)",
      "  --name NAME        the pod's name (default: pod)",
      "  --host HOST        the interface to bind (default 0.0.0.0)",
      "  --port PORT        the port (default 0: a free port, printed at start)",
      "  --protocol NAME    the transport (default grpc)",
      "  --with KEY=VALUE   an argument for the executor; numbers and true/false are typed, may repeat");

  private final PrintStream out;
  private final PrintStream err;

  PodCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(String[] args) {
    AsyncFlow pod;
    try {
      pod = start(args);
    } catch (IllegalArgumentException e) {
      err.println("jflow pod: " + e.getMessage() + "\n\n" + USAGE);
      return 2;
    } catch (FlowException e) {
      err.println("jflow pod: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      pod.close();
      stopped.countDown();
    }, "jflow-pod-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** Parses the arguments and starts the pod; the caller closes it. */
  AsyncFlow start(String[] args) {
    String uses = null;
    String name = "pod";
    GatewayConfig gateway = GatewayConfig.defaults().withProtocol("grpc");
    PodSpec.Builder spec = PodSpec.builder(name);
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        throw new IllegalArgumentException("help");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(a.startsWith("--") ? a + " needs a value" : "unexpected argument '" + a + "'");
      }
      String v = args[++i];
      switch (a) {
        case "--uses": uses = v; break;
        case "--name": name = v; break;
        case "--host": gateway = gateway.withHost(v); break;
        case "--port": gateway = gateway.withPort(port(v)); break;
        case "--protocol": gateway = gateway.withProtocol(v); break;
        case "--with": with(spec, v); break;
        default: throw new IllegalArgumentException("unknown option '" + a + "'");
      }
    }
    if (uses == null) {
      throw new IllegalArgumentException("--uses is required");
    }
    PodSpec built = spec.uses(uses).build();
    AsyncFlow pod = Flows.servePod(PodSpec.builder(name).uses(uses).with(built.with()).build(), gateway);
    dev.jflow.api.internal.Futures.await(pod.start());
    out.println("jflow pod '" + name + "' (" + uses + ") serving at " + pod.gatewayAddress());
    out.flush();
    return pod;
  }

  private static int port(String v) {
    try {
      int p = Integer.parseInt(v);
      if (p >= 0 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException("--port must be 0 to 65535, got '" + v + "'");
  }

  private static void with(PodSpec.Builder spec, String kv) {
    int eq = kv.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("--with takes KEY=VALUE, got '" + kv + "'");
    }
    String key = kv.substring(0, eq);
    String value = kv.substring(eq + 1);
    if (value.equals("true") || value.equals("false")) {
      spec.with(key, Boolean.parseBoolean(value));
      return;
    }
    try {
      spec.with(key, Double.parseDouble(value));
    } catch (NumberFormatException e) {
      spec.with(key, value);
    }
  }
}
