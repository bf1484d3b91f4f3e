/** Reading and writing Flow and executor YAML (Jina's v1 format); use {@link dev.jflow.core.FlowYaml}. Internal: may change at any time; not exported by module {@code dev.jflow.core}. */
package dev.jflow.core.internal.yaml;
