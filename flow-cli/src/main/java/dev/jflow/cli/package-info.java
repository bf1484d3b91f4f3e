/** The {@code jflow} command line. */
package dev.jflow.cli;
