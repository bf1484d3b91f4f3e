/** Reading and writing Flow and executor YAML (Jina's v1 format). Internal: may change at any time. */
package dev.jflow.core.internal.yaml;
