package dev.jflow.core.internal;

import dev.jflow.api.spi.Executor;
import java.util.function.Supplier;

/**
 * The executor factories of one pod, resolved when the Flow is built.
 *
 * @param uses makes the pod's executors (one per replica and shard)
 * @param before makes its head executor, or null
 * @param after makes its tail executor, or null
 */
record PodExecutors(Supplier<? extends Executor> uses, Supplier<? extends Executor> before, Supplier<? extends Executor> after) {}
