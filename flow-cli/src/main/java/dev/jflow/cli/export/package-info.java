/** {@code jflow export}: a Flow YAML as a Mermaid chart, a Compose file (Compose and Swarm) or Kubernetes manifests. */
package dev.jflow.cli.export;
