package dev.quadrangle.samples.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sink that keeps a SHA-256 digest of every table's COPY text (the exact bytes a
 * {@link CopyLoader} would send) and its row count, to prove the generator deterministic without a
 * database.
 *
 * <p>Not thread-safe.
 */
public final class DigestSink implements RowSink {
    private final Map<String, String> digests = new LinkedHashMap<>();
    private final Map<String, Long> rows = new LinkedHashMap<>();
    private MessageDigest current;
    private String table;
    private long count;

    @Override
    public void beginTable(String table, List<String> columns, long expectedRows) {
        this.table = table;
        this.count = 0;
        try {
            current = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        current.update(String.join(",", columns).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void row(CopyLine line) {
        current.update(line.text().toString().getBytes(StandardCharsets.UTF_8));
        current.update((byte) '\n');
        count++;
    }

    @Override
    public long endTable() {
        digests.put(table, HexFormat.of().formatHex(current.digest()));
        rows.put(table, count);
        return count;
    }

    /** Each table's SHA-256 (hex), in generation order. */
    public Map<String, String> digests() {
        return Map.copyOf(digests);
    }

    /** Each table's row count, in generation order. */
    public Map<String, Long> rows() {
        return new LinkedHashMap<>(rows);
    }
}
