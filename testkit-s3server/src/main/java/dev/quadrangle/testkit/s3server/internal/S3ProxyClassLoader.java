package dev.quadrangle.testkit.s3server.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The class loader s3proxy runs in: the bundled jars over the JDK's platform class loader, so nothing
 * on the host's class path (Jetty 12, another Guava or Jackson) is seen or changed. Two things are
 * shared with the host: SLF4J, so s3proxy logs through the host's binding, and Quadrangle's own types
 * outside {@value #ISOLATED_PACKAGE}, so both sides see one {@link S3ProxyControl}. Classes of
 * {@value #ISOLATED_PACKAGE} are defined here from the host's class files, so they link against the
 * bundled jars.
 *
 * <p>One loader per JVM ({@link #shared()}); it is never closed, the server's threads may outlive any
 * single instance. Thread-safe.
 */
public final class S3ProxyClassLoader extends URLClassLoader {
    /** The package whose classes are defined by this loader rather than the host's. */
    public static final String ISOLATED_PACKAGE = "dev.quadrangle.testkit.s3server.internal.isolated.";

    private static final ReentrantLock SHARED_LOCK = new ReentrantLock();
    private static S3ProxyClassLoader shared;

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final ClassLoader host;

    S3ProxyClassLoader(List<URL> jars, ClassLoader host) {
        super("quadrangle-s3proxy", jars.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        this.host = host;
    }

    /**
     * The JVM's loader, created on first use from the jars unpacked under
     * {@code ${java.io.tmpdir}/quadrangle-s3proxy-<user>}.
     *
     * @return the shared loader
     * @throws UncheckedIOException when the bundled jars cannot be unpacked
     */
    public static S3ProxyClassLoader shared() {
        SHARED_LOCK.lock();
        try {
            if (shared == null) {
                ClassLoader host = S3ProxyClassLoader.class.getClassLoader();
                // per user: a directory another account unpacked is not ours to reuse or repair
                String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
                Path root = Path.of(System.getProperty("java.io.tmpdir"), "quadrangle-s3proxy-" + user);
                shared = new S3ProxyClassLoader(S3ProxyJars.unpack(host, root), host);
            }
            return shared;
        } finally {
            SHARED_LOCK.unlock();
        }
    }

    /**
     * Whether a class comes from the host's loader instead of the bundled jars.
     *
     * @param className a binary class name
     * @return {@code true} for SLF4J and for Quadrangle's types outside {@value #ISOLATED_PACKAGE}
     */
    public static boolean sharedWithHost(String className) {
        return className.startsWith("org.slf4j.")
                || className.startsWith("dev.quadrangle.") && !className.startsWith(ISOLATED_PACKAGE);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (sharedWithHost(name)) {
            return host.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (!name.startsWith(ISOLATED_PACKAGE)) {
            return super.findClass(name);
        }
        // called by loadClass under this class name's lock, so it is defined once
        String resource = name.replace('.', '/') + ".class";
        try (InputStream in = host.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ClassNotFoundException(name + ": no " + resource + " beside " + S3ProxyClassLoader.class.getName());
            }
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new ClassNotFoundException(name + ": could not read " + resource, e);
        }
    }
}
