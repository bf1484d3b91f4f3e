/** The public model (documents, requests, responses, status) and ports ({@link dev.jflow.api.AsyncFlow}, {@link dev.jflow.api.Flow}, {@link dev.jflow.api.Client}) of JFlow. */
package dev.jflow.api;
