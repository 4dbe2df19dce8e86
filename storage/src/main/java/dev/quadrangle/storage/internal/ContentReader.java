package dev.quadrangle.storage.internal;

import dev.quadrangle.spi.ContentStore;
import dev.quadrangle.spi.ContentUnavailableException;
import dev.quadrangle.storage.ContentIntegrityException;
import dev.quadrangle.storage.ContentRef;
import dev.quadrangle.storage.StorageListener;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Fetches an object and verifies it against its reference and key: stored size, the stored bytes'
 * SHA-256 (content-addressed keys), codec header, then the content's size and SHA-256.
 */
public final class ContentReader {
    private static final java.util.regex.Pattern HEX64 = java.util.regex.Pattern.compile("[0-9a-f]{64}");
    private final ContentStore store;
    private final StorageListener listener;

    /**
     * Creates the reader.
     *
     * @param store the store
     * @param listener told about checksum failures
     */
    public ContentReader(ContentStore store, StorageListener listener) {
        this.store = store;
        this.listener = listener;
    }

    /**
     * Reads and verifies.
     *
     * @param key the object key
     * @param ref the reference
     * @return the uncompressed content
     * @throws ContentIntegrityException when the object is missing or does not match
     * @throws ContentUnavailableException when the store cannot be reached
     */
    public byte[] read(String key, ContentRef ref) {
        byte[] stored = fetch(key, ref);
        if (stored.length != ref.storedSize()) {
            throw integrity(key, "stored size is " + stored.length + " bytes, the reference says " + ref.storedSize(), null);
        }
        String name = key.substring(key.lastIndexOf('/') + 1);
        if (HEX64.matcher(name).matches() && !Sha256.hex(stored).equals(name)) {
            throw integrity(key, "stored bytes do not hash to the key's SHA-256", null);
        }
        if (!Compression.hasMagic(ref.codec(), stored)) {
            throw integrity(key, "does not start with the " + ref.codec().id() + " header", null);
        }
        byte[] content;
        try {
            content = Compression.decompress(ref.codec(), stored, ref.size());
        } catch (IOException e) {
            throw integrity(key, "cannot be decompressed: " + e.getMessage(), e);
        }
        if (content.length != ref.size()) {
            throw integrity(key, "content size is " + content.length + " bytes, the reference says " + ref.size(), null);
        }
        String sha256 = Sha256.hex(content);
        if (!sha256.equals(ref.sha256())) {
            throw integrity(key, "SHA-256 is " + sha256 + ", the reference says " + ref.sha256(), null);
        }
        return content;
    }

    private byte[] fetch(String key, ContentRef ref) {
        Optional<InputStream> opened = store.open(key);
        if (opened.isEmpty()) {
            throw integrity(key, "is missing from the store", null);
        }
        try (InputStream in = opened.get()) {
            // one byte more than expected tells a longer object from an exact one without reading it all
            return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, ref.storedSize() + 1));
        } catch (IOException e) {
            throw new ContentUnavailableException("could not read object '" + key + "': " + e.getMessage(), e);
        }
    }

    private ContentIntegrityException integrity(String key, String what, Throwable cause) {
        listener.onChecksumFailure(key);
        return new ContentIntegrityException("content object '" + key + "' " + what, cause);
    }
}
