/** Flow orchestration: the transport registry and the public entry points of flow-core. */
package dev.jflow.core;
