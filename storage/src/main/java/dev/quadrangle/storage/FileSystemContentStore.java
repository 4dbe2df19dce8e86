package dev.quadrangle.storage;

import dev.quadrangle.spi.ContentUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A {@link dev.quadrangle.spi.ContentStore} on a local directory: the default for development and
 * single-node installations. Objects live under {@code root/objects/<key>}, their metadata under
 * {@code root/metadata/<key>.properties}. Writes stream to a temporary file and are moved into place
 * atomically, so a reader never sees a partial object; an existing object is left as it is
 * (content-addressed keys make it the same content).
 *
 * <p>Thread-safe. I/O failures surface as {@link ContentUnavailableException}.
 */
public final class FileSystemContentStore implements LocatedContentStore {
    private final Path objects;
    private final Path metadata;
    private final Path temp;

    private FileSystemContentStore(Path root) {
        this.objects = root.resolve("objects");
        this.metadata = root.resolve("metadata");
        this.temp = root.resolve("tmp");
    }

    /**
     * A store rooted at a directory, created when missing.
     *
     * @param root the directory
     * @return the store
     * @throws UncheckedIOException when the directory cannot be created
     */
    public static FileSystemContentStore at(Path root) {
        Path absolute = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        FileSystemContentStore store = new FileSystemContentStore(absolute);
        try {
            Files.createDirectories(store.objects);
            Files.createDirectories(store.metadata);
            Files.createDirectories(store.temp);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create content store directory " + absolute + ": " + e.getMessage(), e);
        }
        return store;
    }

    @Override
    public String baseUri() {
        String uri = objects.toUri().toString();
        return uri.endsWith("/") ? uri : uri + "/";
    }

    private Path objectPath(String key) {
        Path path = objects.resolve(ContentKeys.validate(key)).normalize();
        if (!path.startsWith(objects)) {
            throw new IllegalArgumentException("content key '" + key + "' resolves outside the store");
        }
        return path;
    }

    private Path metadataPath(String key) {
        return metadata.resolve(ContentKeys.validate(key) + ".properties").normalize();
    }

    @Override
    public void put(String key, InputStream content, long length, Map<String, String> meta) {
        Path target = objectPath(key);
        Path tempFile = null;
        try {
            if (Files.exists(target)) {
                return;
            }
            Files.createDirectories(target.getParent());
            tempFile = Files.createTempFile(temp, "put-", ".tmp");
            try (OutputStream out = Files.newOutputStream(tempFile)) {
                content.transferTo(out);
            }
            writeMetadata(key, meta);
            try {
                Files.move(tempFile, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tempFile, target);
            }
        } catch (FileAlreadyExistsException e) {
            // a concurrent writer stored the same content first
        } catch (IOException e) {
            throw unavailable("put", key, e);
        } finally {
            deleteQuietly(tempFile);
        }
    }

    private void writeMetadata(String key, Map<String, String> meta) throws IOException {
        Path path = metadataPath(key);
        Files.createDirectories(path.getParent());
        Properties properties = new Properties();
        properties.putAll(meta);
        Path tempFile = Files.createTempFile(temp, "meta-", ".tmp");
        try (Writer out = Files.newBufferedWriter(tempFile, StandardCharsets.UTF_8)) {
            properties.store(out, null);
        }
        Files.move(tempFile, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // a leftover temporary file is harmless
            }
        }
    }

    @Override
    public Optional<InputStream> open(String key) {
        try {
            return Optional.of(Files.newInputStream(objectPath(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw unavailable("open", key, e);
        }
    }

    @Override
    public Optional<StoredObject> describe(String key) {
        Path path = objectPath(key);
        try {
            if (!Files.exists(path)) {
                return Optional.empty();
            }
            return Optional.of(new StoredObject(key, Files.size(path), Files.getLastModifiedTime(path).toMillis(),
                    readMetadata(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw unavailable("describe", key, e);
        }
    }

    private Map<String, String> readMetadata(String key) throws IOException {
        Path path = metadataPath(key);
        if (!Files.exists(path)) {
            return Map.of();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        Map<String, String> map = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        return map;
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(objectPath(key));
            Files.deleteIfExists(metadataPath(key));
        } catch (IOException e) {
            throw unavailable("delete", key, e);
        }
    }

    @Override
    public void list(String prefix, Consumer<StoredObject> consumer) {
        ContentKeys.validatePrefix(prefix);
        List<StoredObject> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(objects)) {
            files.filter(Files::isRegularFile).forEach(path -> {
                String key = objects.relativize(path).toString().replace(java.io.File.separatorChar, '/');
                if (key.startsWith(prefix)) {
                    try {
                        found.add(new StoredObject(key, Files.size(path), Files.getLastModifiedTime(path).toMillis(), Map.of()));
                    } catch (IOException e) {
                        // deleted while listing
                    }
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw unavailable("list", prefix, e);
        }
        found.sort(java.util.Comparator.comparing(StoredObject::key));
        found.forEach(consumer);
    }

    private ContentUnavailableException unavailable(String operation, String key, Exception e) {
        return new ContentUnavailableException("file store " + objects + ": " + operation + " of '" + key
                + "' failed: " + e.getMessage(), e);
    }

    @Override
    public String toString() {
        return "FileSystemContentStore[" + objects.getParent() + "]";
    }
}
