/** Executors that run neural models offline, on ONNX Runtime: {@link dev.jflow.neural.SentenceEncoder}. */
package dev.jflow.neural;
