package dev.jflow.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's two Docker clients, made when the first container starts and closed when the last one
 * is removed: {@link #api()} for commands (connect within {@value #CONNECT_SECONDS} s, answers within
 * {@value #RESPONSE_SECONDS} s) and {@link #streams()} for followed logs, which may be quiet for hours.
 */
final class DockerClients {
  static final long CONNECT_SECONDS = 5;
  static final long RESPONSE_SECONDS = 60;
  private static final int MAX_CONNECTIONS = 128;
  private static final Logger LOG = LoggerFactory.getLogger(DockerClients.class);

  private final URI host; // null: DOCKER_HOST, docker-java's settings, else the default socket
  private DockerClient api; // guarded by this, with users
  private DockerClient streams;
  private String described;
  private int users;

  DockerClients(URI host) {
    this.host = host;
  }

  /** Takes a use of the clients, making them if none is in use; {@link #release()} gives it back. */
  synchronized void acquire() {
    if (users == 0) {
      DockerClientConfig config = config();
      described = config.getDockerHost().toString();
      if (!isLocal(config.getDockerHost())) {
        throw new FlowException(Status.Code.FAILED_PRECONDITION, "docker:// pods need the Docker engine on this host (DOCKER_HOST="
            + described + "): the Flow reaches their published ports on 127.0.0.1; set DOCKER_HOST to unix:///var/run/docker.sock"
            + " or tcp://127.0.0.1:PORT, or run the pod with `jflow pod` on the engine's host and reach it with grpc://HOST:PORT");
      }
      try {
        api = client(config, Duration.ofSeconds(RESPONSE_SECONDS));
        streams = client(config, null);
      } catch (RuntimeException e) {
        close(api);
        api = null;
        throw new FlowException(Status.of(Status.Code.FAILED_PRECONDITION, "cannot reach the Docker engine at " + described + ": "
            + e.getMessage() + "; set DOCKER_HOST to unix:///var/run/docker.sock or tcp://host:port").withCause(e));
      }
    }
    users++;
  }

  /** Gives back a use; the last one closes the clients. Never throws. */
  synchronized void release() {
    if (users == 0 || --users > 0) {
      return;
    }
    close(api);
    close(streams);
    api = null;
    streams = null;
  }

  synchronized DockerClient api() {
    return api;
  }

  synchronized DockerClient streams() {
    return streams;
  }

  /** Where the engine is, for messages: {@code unix:///var/run/docker.sock} by default. */
  synchronized String host() {
    return described != null ? described : host != null ? host.toString() : "DOCKER_HOST (default unix:///var/run/docker.sock)";
  }

  private DockerClientConfig config() {
    try {
      DefaultDockerClientConfig.Builder b = DefaultDockerClientConfig.createDefaultConfigBuilder();
      if (host != null) {
        b.withDockerHost(host.toString());
      }
      return b.build();
    } catch (RuntimeException e) {
      throw new FlowException(Status.of(Status.Code.FAILED_PRECONDITION, "the Docker settings are unusable (DOCKER_HOST="
          + System.getenv("DOCKER_HOST") + "): " + e.getMessage() + "; set DOCKER_HOST to unix:///var/run/docker.sock or tcp://host:port")
          .withCause(e));
    }
  }

  /**
   * Whether {@code host} is an engine on this host: {@code unix://}, {@code npipe://}, or {@code tcp://} to
   * {@code localhost} or a loopback address (no name is looked up).
   */
  static boolean isLocal(URI host) {
    String scheme = host.getScheme() == null ? "" : host.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("unix") || scheme.equals("npipe")) {
      return true;
    }
    String name = host.getHost();
    if (name == null || !(scheme.equals("tcp") || scheme.equals("http") || scheme.equals("https"))) {
      return false;
    }
    name = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
    if (name.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!name.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
      return false; // a name: it is not looked up, and is taken to be another host
    }
    try {
      return InetAddress.getByName(name).isLoopbackAddress(); // a literal address: no lookup
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** A client of the engine of {@code config} (the one place clients are made); {@code responseTimeout} null for none. */
  static DockerClient client(DockerClientConfig config, Duration responseTimeout) {
    ZerodepDockerHttpClient.Builder http = new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost())
        .sslConfig(config.getSSLConfig()).maxConnections(MAX_CONNECTIONS).connectionTimeout(Duration.ofSeconds(CONNECT_SECONDS));
    if (responseTimeout != null) {
      http.responseTimeout(responseTimeout);
    }
    return DockerClientImpl.getInstance(config, http.build());
  }

  private static void close(DockerClient client) {
    try {
      if (client != null) {
        client.close();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("closing a Docker client failed", e);
    }
  }
}
