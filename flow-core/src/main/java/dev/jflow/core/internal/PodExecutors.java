package dev.jflow.core.internal;

import dev.jflow.api.spi.Executor;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The executor factories of one pod, resolved when the Flow is built.
 *
 * @param uses makes the pod's executors: for shard i, {@code uses.apply(i)} makes one per replica
 * @param before makes its head executor, or null
 * @param after makes its tail executor, or null
 */
record PodExecutors(IntFunction<Supplier<? extends Executor>> uses, Supplier<? extends Executor> before, Supplier<? extends Executor> after) {}
