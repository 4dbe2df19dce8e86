package dev.quadrangle.storage;

import dev.quadrangle.spi.ContentStore;

/**
 * A {@link ContentStore} that can say where its objects are, so that references carry a full URI
 * ({@code s3://bucket/key}, {@code file:///root/key}, {@code memory://name/key}).
 */
public interface LocatedContentStore extends ContentStore {

    /**
     * The URI that prefixes every key of this store, ending with {@code /}.
     *
     * @return e.g. {@code s3://my-bucket/}
     */
    String baseUri();
}
