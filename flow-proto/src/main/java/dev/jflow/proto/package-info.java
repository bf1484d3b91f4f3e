/** The wire form of JFlow: codecs between the API model and the jina.proto messages, and their JSON form. */
package dev.jflow.proto;
