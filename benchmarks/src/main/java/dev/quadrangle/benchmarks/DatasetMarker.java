package dev.quadrangle.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The marker file that says which data set a cache directory holds: a version (a SHA-256 over everything
 * the data set is built from) and facts about the build (row counts, build time). It is written last,
 * atomically, so a directory whose build was interrupted has no marker and is rebuilt; a directory whose
 * marker names another version is stale and is rebuilt too.
 *
 * <p>Stateless; thread-safe as far as the file system is.
 */
final class DatasetMarker {
    /** The marker's file name inside the cache directory. */
    static final String FILE = "dataset.properties";
    /** The key of the version. */
    static final String VERSION = "version";

    private DatasetMarker() {
    }

    /**
     * A version: the SHA-256 of the parts, each prefixed with its length so that no two different lists
     * hash alike.
     *
     * @param parts what the data set is built from
     * @return 64 lowercase hex digits
     */
    static String version(List<byte[]> parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                sha.update(Integer.toString(part.length).getBytes(StandardCharsets.US_ASCII));
                sha.update((byte) ':');
                sha.update(part);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * The bytes of a class file next to a class, or a placeholder naming it when there is none (a class
     * renamed or removed changes the version too).
     *
     * @param anchor a class of the package
     * @param simpleName the class's simple name
     * @return the class file's bytes
     */
    static byte[] classBytes(Class<?> anchor, String simpleName) {
        try (InputStream in = anchor.getResourceAsStream(simpleName + ".class")) {
            return in == null ? ("missing " + anchor.getPackageName() + "." + simpleName).getBytes(StandardCharsets.UTF_8)
                    : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the class file of " + simpleName, e);
        }
    }

    /**
     * The version recorded in a directory.
     *
     * @param directory the cache directory
     * @return the version, empty when there is no marker or it has no version
     * @throws UncheckedIOException when the marker exists but cannot be read
     */
    static Optional<String> read(Path directory) {
        return Optional.ofNullable(facts(directory).get(VERSION));
    }

    /**
     * Whether a directory holds a data set of a version.
     *
     * @param directory the cache directory
     * @param version the wanted version
     * @return {@code true} only when the marker names exactly that version
     */
    static boolean isCurrent(Path directory, String version) {
        Objects.requireNonNull(version, "version");
        return read(directory).map(version::equals).orElse(false);
    }

    /**
     * Everything a marker records.
     *
     * @param directory the cache directory
     * @return the entries sorted by key, empty when there is no marker
     * @throws UncheckedIOException when the marker exists but cannot be read
     */
    static Map<String, String> facts(Path directory) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(directory.resolve(FILE), StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the data set marker " + directory.resolve(FILE), e);
        }
        Map<String, String> result = new TreeMap<>();
        properties.forEach((k, v) -> result.put((String) k, (String) v));
        return result;
    }

    /**
     * Records a finished build: writes a temporary file and moves it over the marker atomically.
     *
     * @param directory the cache directory
     * @param version the data set's version
     * @param facts further entries (row counts, build time); must not contain {@value #VERSION}
     * @throws IllegalArgumentException when the version is blank or the facts contain a version
     */
    static void write(Path directory, String version, Map<String, String> facts) {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("the data set version must not be blank, was '" + version + "'");
        }
        if (facts.containsKey(VERSION)) {
            throw new IllegalArgumentException("facts must not contain the key '" + VERSION + "'");
        }
        Properties properties = new Properties();
        Map<String, String> all = new LinkedHashMap<>(facts);
        all.put(VERSION, version);
        properties.putAll(all);
        Path temp = directory.resolve(FILE + ".tmp");
        try {
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                properties.store(out, "HotPathBenchmark data set; delete this directory to rebuild it");
            }
            Files.move(temp, directory.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the data set marker in " + directory, e);
        }
    }

    /**
     * Removes the marker, before a rebuild starts: a build that dies half-way leaves no marker.
     *
     * @param directory the cache directory
     */
    static void delete(Path directory) {
        try {
            Files.deleteIfExists(directory.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the data set marker in " + directory, e);
        }
    }
}
