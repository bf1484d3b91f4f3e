package dev.jflow.core;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowSpec;
import dev.jflow.core.internal.yaml.FlowYamlReader;
import dev.jflow.core.internal.yaml.FlowYamlWriter;
import java.nio.file.Path;

/**
 * Flows in YAML, in Jina's v1 format:
 *
 * <pre>{@code
 * jtype: Flow
 * version: '1'
 * env: {DIM: "128"}
 * with: {restful: false, port_expose: 45678, prefetch: 50}
 * gateway:                       # JFlow: the transports' own options, e.g. websocket.cors
 *   websocket: {cors: "https://app.example", max_queued_bytes: 32MiB}
 * pods:
 *   - name: encoder
 *     uses: encoder.yml          # an executor YAML (jtype, with, metas), a class, a built-in or grpc://host:port
 *     uses_with: {dim: $DIM}     # JFlow: arguments for the executor
 *   - name: indexer
 *     uses: VectorIndexer
 *     shards: 2                  # or parallel
 *     polling: {default: ANY, search: ALL}
 *     uses_after: _merge_matches_topk
 *     timeout: 5000              # ms
 * }</pre>
 *
 * Flow {@code with} keys: name, protocol (one, or a list: one gateway each), restful (rest_api), host,
 * port_expose (port; one, or a list: one per protocol), prefetch, max_message_size, max_stream_bytes,
 * max_gateway_bytes, drain_grace (ms), max_top_k, max_requests_per_second (per caller; 0: none), rate_burst, timeout_ready (ms), inspect, on_error_strategy, tls. {@code gateway}
 * holds each transport's options under its name; the transport checks them when the Flow is made. Pod keys: name, method
 * (add | needs | inspect), uses, uses_with, needs, replicas, shards (parallel), polling, scheduling,
 * uses_before, uses_after, host, port_expose, timeout (ms), on_error_strategy, inspect, tls, and for a pod with
 * {@code uses: docker://IMAGE[:TAG]} (a container per replica) uses_internal, env, volumes, network. A
 * {@code tls} mapping holds certificate, private_key (or key_store with key_store_password_file or
 * key_store_password_env), ca and client_auth (none, optional, require); its paths are relative to the
 * file: the gateway serves with it, a remote pod is reached with it. Strings take
 * {@code $VAR} / {@code ${VAR}} from {@code env:} or the environment. Unknown keys, bad values and
 * undefined variables are errors naming the file, the line and the key.
 */
public final class FlowYaml {
  private FlowYaml() {}

  /** The Flow spec in {@code file}. */
  public static FlowSpec load(Path file) {
    return FlowYamlReader.read(file);
  }

  /** The Flow spec in YAML {@code text}; {@code source} names it in errors, executor files resolve against {@code baseDir}. */
  public static FlowSpec parse(String text, String source, Path baseDir) {
    return FlowYamlReader.read(text, source, baseDir);
  }

  /** A blocking Flow (not started) from {@code file}. */
  public static Flow flow(Path file) {
    return Flow.blocking(AsyncFlow.of(load(file)));
  }

  /** {@code spec} as YAML, non-defaults only; {@link #parse} reads it back to an equal spec. */
  public static String dump(FlowSpec spec) {
    return FlowYamlWriter.write(spec);
  }
}
