/**
 * Standard executors: vector, key-value and compound indexers, rankers, offline text encoders and
 * ranking evaluators.
 * Reducers ({@code _merge}, {@code _merge_matches_topk}, ...) and {@code _pass} are built into flow-core
 * and chosen by name.
 */
package dev.jflow.executors;
