package dev.quadrangle.cache.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One published message: the sending node, the region, the sender's sequence number for that region
 * (1, 2, 3, ... without gaps) and the coalesced invalidations.
 *
 * @param nodeId the sender
 * @param region the region name
 * @param sequence the sender's sequence number in that region
 * @param ops the invalidations
 */
record InvalidationMessage(String nodeId, String region, long sequence, List<InvalidationOp> ops) {
    private static final int FORMAT = 1;

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 32 * ops.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(nodeId);
            out.writeUTF(region);
            out.writeLong(sequence);
            out.writeInt(ops.size());
            for (InvalidationOp op : ops) {
                out.writeByte(op.kind());
                out.writeUTF(op.text());
                out.writeLong(op.generation());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static InvalidationMessage of(String nodeId, String region, long sequence, Collection<InvalidationOp> ops) {
        return new InvalidationMessage(nodeId, region, sequence, List.copyOf(ops));
    }

    /**
     * Reads a message; {@code null} for bytes in another format (a newer node's, or foreign).
     */
    static InvalidationMessage decode(byte[] message) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(message))) {
            if (in.readByte() != FORMAT) {
                return null;
            }
            String node = in.readUTF();
            String region = in.readUTF();
            long sequence = in.readLong();
            int count = in.readInt();
            if (count < 0 || count > 1_000_000) {
                return null;
            }
            List<InvalidationOp> ops = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                ops.add(new InvalidationOp(in.readByte(), in.readUTF(), in.readLong()));
            }
            return new InvalidationMessage(node, region, sequence, List.copyOf(ops));
        } catch (IOException e) {
            return null;
        }
    }
}
