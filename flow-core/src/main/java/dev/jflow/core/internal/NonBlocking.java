package dev.jflow.core.internal;

/**
 * Marks an executor JFlow ships that never blocks and does little work a request ({@code _pass}; not
 * the reducers, which decode every document): its replica group runs it on the thread that brings the request instead of
 * handing it to the pod pool, which saves two thread hand-offs a pod ({@link InlineRuns}). Queues,
 * admission, meters, spans and cancellation are the same either way; only the thread differs. Never
 * for user code, which may block.
 */
interface NonBlocking {}
