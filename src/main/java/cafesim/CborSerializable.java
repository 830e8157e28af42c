package cafesim;

/**
 * Marks what may travel between cluster nodes: a run's commands, what it answers and its
 * report. Bound to Pekko's Jackson CBOR serializer in application.conf, so nothing relies on
 * Java serialization; {@code SerializationTest} checks each.
 */
public interface CborSerializable {}
