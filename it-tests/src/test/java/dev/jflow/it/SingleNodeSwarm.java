package dev.jflow.it;

/**
 * This Docker engine as a Swarm manager for the test: {@code docker swarm init --advertise-addr
 * 127.0.0.1} when Swarm is inactive, or the Swarm it already manages. {@link #close()} leaves the Swarm
 * only when {@link #open()} initialised it, and then also removes the {@code docker_gwbridge} network
 * that the init created, so the engine is as it was.
 */
final class SingleNodeSwarm implements AutoCloseable {
  private static final String GW_BRIDGE = "docker_gwbridge";

  private final boolean initialised;
  private final boolean bridgeWasThere;

  private SingleNodeSwarm(boolean initialised, boolean bridgeWasThere) {
    this.initialised = initialised;
    this.bridgeWasThere = bridgeWasThere;
  }

  /**
   * A Swarm this engine manages, initialised when inactive.
   *
   * @throws IllegalStateException saying why Swarm cannot be used (the test then skips)
   */
  static SingleNodeSwarm open() {
    Cli.Result info = Docker.run("info", "--format", "{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}");
    if (!info.ok()) {
      throw new IllegalStateException("docker info failed: " + info.output().strip());
    }
    String[] state = info.output().strip().split(" ");
    if (state[0].equals("active")) {
      if (!state[1].equals("true")) {
        throw new IllegalStateException("this engine is a Swarm worker, not a manager: stacks cannot be deployed from it");
      }
      return new SingleNodeSwarm(false, true);
    }
    if (!state[0].equals("inactive")) {
      throw new IllegalStateException("the engine's Swarm is " + state[0] + "; it needs to be inactive or active");
    }
    boolean bridge = Docker.run("network", "inspect", GW_BRIDGE).ok();
    Cli.Result init = Docker.run("swarm", "init", "--advertise-addr", "127.0.0.1");
    if (!init.ok()) {
      throw new IllegalStateException("docker swarm init --advertise-addr 127.0.0.1 failed: " + init.output().strip());
    }
    System.out.println("jflow-it: initialised a single-node Swarm for the test (it leaves it at the end)");
    return new SingleNodeSwarm(true, bridge);
  }

  /** Leaves the Swarm if {@link #open()} initialised it; otherwise does nothing. */
  @Override
  public void close() {
    if (!initialised) {
      return;
    }
    Cli.Result leave = Docker.run("swarm", "leave", "--force");
    if (!leave.ok()) {
      System.err.println("jflow-it: docker swarm leave --force failed: " + leave.output());
    }
    if (!bridgeWasThere) {
      Docker.run("network", "rm", GW_BRIDGE); // fails, harmlessly, when a container still uses it
    }
  }
}
