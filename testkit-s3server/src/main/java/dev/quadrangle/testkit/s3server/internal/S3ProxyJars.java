package dev.quadrangle.testkit.s3server.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The jars bundled in this artifact (s3proxy's run-time dependency tree, listed in {@value #INDEX} by
 * the build), unpacked onto disk so that a {@link java.net.URLClassLoader} can open them.
 *
 * <p>They go to {@code <root>/<digest of the index>/}, written into a temporary sibling first and
 * renamed into place, so a directory under that name is always whole and later JVMs reuse it. The
 * bundled jars are third-party releases named by version, so the index identifies their content. A
 * directory that something else emptied (a {@code /tmp} cleaner) is unpacked again.
 */
public final class S3ProxyJars {
    /** The resource that lists the bundled jars, comma-separated, in class path order. */
    public static final String INDEX = "META-INF/quadrangle/s3proxy/jars.index";

    private S3ProxyJars() {
    }

    /**
     * Unpacks the bundled jars under {@code root} unless a whole copy is there already.
     *
     * @param bundle the class loader that sees this artifact's resources
     * @param root the directory that holds one subdirectory per bundle version; created when absent
     * @return the unpacked jars, in class path order
     * @throws UncheckedIOException when the index or a jar cannot be read or written
     * @throws IllegalStateException when this artifact has no index (a broken build)
     */
    public static List<URL> unpack(ClassLoader bundle, Path root) {
        try {
            List<String> entries = index(bundle);
            Path target = root.resolve(digest(entries));
            if (!isWhole(target, entries, bundle)) {
                Files.createDirectories(root);
                target = install(bundle, entries, root, target);
            }
            List<URL> urls = new ArrayList<>(entries.size());
            for (String entry : entries) {
                urls.add(toUrl(target.resolve(fileName(entry))));
            }
            return urls;
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack s3proxy's jars under " + root + ": " + e.getMessage(), e);
        }
    }

    private static List<String> index(ClassLoader bundle) throws IOException {
        try (InputStream in = bundle.getResourceAsStream(INDEX)) {
            if (in == null) {
                throw new IllegalStateException(INDEX + " is missing from quadrangle-testkit-s3server; "
                        + "the artifact was built without its bundled jars");
            }
            List<String> entries = new ArrayList<>();
            for (String entry : new String(in.readAllBytes(), StandardCharsets.UTF_8).split(",")) {
                if (!entry.isBlank()) {
                    entries.add(entry.trim());
                }
            }
            return entries;
        }
    }

    private static Path install(ClassLoader bundle, List<String> entries, Path root, Path target) throws IOException {
        deleteQuietly(target); // only reached when it is missing or damaged
        Path staging = Files.createTempDirectory(root, target.getFileName() + "-");
        for (String entry : entries) {
            try (InputStream in = resource(bundle, entry).openStream()) {
                Files.copy(in, staging.resolve(fileName(entry)));
            }
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            // another JVM installed the same bundle a moment earlier
            if (isWhole(target, entries, bundle)) {
                deleteQuietly(staging);
                return target;
            }
            // use this JVM's own copy; deleteOnExit runs in reverse order: the jars, then the directory
            staging.toFile().deleteOnExit();
            for (String entry : entries) {
                staging.resolve(fileName(entry)).toFile().deleteOnExit();
            }
            return staging;
        }
    }

    private static boolean isWhole(Path dir, List<String> entries, ClassLoader bundle) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        for (String entry : entries) {
            Path jar = dir.resolve(fileName(entry));
            if (!Files.isRegularFile(jar) || Files.size(jar) != bundledSize(bundle, entry)) {
                return false;
            }
        }
        return true;
    }

    private static long bundledSize(ClassLoader bundle, String entry) throws IOException {
        URLConnection connection = resource(bundle, entry).openConnection();
        InputStream in = connection.getInputStream(); // opened to be closed: a file: URL holds a descriptor
        try {
            return connection.getContentLengthLong();
        } finally {
            in.close();
        }
    }

    private static URL resource(ClassLoader bundle, String entry) {
        URL url = bundle.getResource(entry);
        if (url == null) {
            throw new IllegalStateException(entry + " is listed in " + INDEX + " but not bundled");
        }
        return url;
    }

    private static String fileName(String entry) {
        return entry.substring(entry.lastIndexOf('/') + 1);
    }

    private static String digest(List<String> entries) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(String.join(",", entries).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static URL toUrl(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException("a file path always makes a URL: " + jar, e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // a leftover directory is harmless; the install that follows does not write into it
        }
    }
}
