/** jina.proto's messages and the one codec between them and the API model. */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // protobuf-java names itself in its manifest only
module dev.jflow.proto {
  requires transitive dev.jflow.api;
  requires transitive com.google.protobuf;
  requires com.google.protobuf.util;
  // protobuf-java (an automatic module, which cannot require it) uses sun.misc.Unsafe when present, as on the class path
  requires jdk.unsupported;

  exports dev.jflow.proto;
  exports dev.jflow.proto.jina;
}
