package dev.jflow.api;

/** The kind of a request, as Jina's RequestProto body names it. */
public enum RequestType {
  /** Add documents to indexes. */
  INDEX,
  /** Find matches for query documents. */
  SEARCH,
  /** Replace stored documents with the same ids. */
  UPDATE,
  /** Remove documents by id. */
  DELETE,
  /** Train executors on documents. */
  TRAIN,
  /** A control command (status, reload, ...). */
  CONTROL,
  /** Ask executors to dump their data. */
  DUMP
}
