/** Flow internals (router, pods, client engine, in-process transport). Internal: may change at any time; not exported by module {@code dev.jflow.core}. */
package dev.jflow.core.internal;
