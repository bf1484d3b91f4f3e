/** Flow internals (router, pods, client engine, in-process transport). Internal: may change at any time. */
package dev.jflow.core.internal;
