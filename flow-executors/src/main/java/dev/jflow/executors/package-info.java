/** Standard executors shipped with JFlow. */
package dev.jflow.executors;
