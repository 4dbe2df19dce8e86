package dev.quadrangle.testkit.s3server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking the bundled jars: whole, reused, repaired, and a clear failure when the bundle is missing. */
class S3ProxyJarsTest {
    private static final ClassLoader BUNDLE = S3ProxyJars.class.getClassLoader();
    private static final FileTime LONG_AGO = FileTime.fromMillis(1_000_000_000_000L);

    @TempDir
    Path root;

    @Test
    void everyIndexedJarIsUnpackedWholeIntoOneDirectory() throws Exception {
        List<Path> jars = paths(S3ProxyJars.unpack(BUNDLE, root));

        assertThat(jars).hasSizeGreaterThan(20);
        assertThat(jars).extracting(p -> p.getFileName().toString())
                .anyMatch(n -> n.startsWith("s3proxy-"))
                .anyMatch(n -> n.startsWith("jetty-server-11."))
                .noneMatch(n -> n.startsWith("slf4j-api-"));
        assertThat(jars).extracting(Path::getParent).containsOnly(jars.get(0).getParent());
        for (Path jar : jars) {
            String resource = "META-INF/quadrangle/s3proxy/" + jar.getFileName();
            try (var in = BUNDLE.getResourceAsStream(resource)) {
                assertThat(in).as(resource).isNotNull();
                assertThat(Files.readAllBytes(jar)).as(resource).isEqualTo(in.readAllBytes());
            }
        }
        try (var list = Files.list(root)) {
            assertThat(list).as("no staging directory left behind").hasSize(1);
        }
    }

    @Test
    void aWholeCopyIsReusedWithoutRewritingIt() throws Exception {
        List<Path> first = paths(S3ProxyJars.unpack(BUNDLE, root));
        for (Path jar : first) {
            Files.setLastModifiedTime(jar, LONG_AGO);
        }

        List<Path> second = paths(S3ProxyJars.unpack(BUNDLE, root));

        assertThat(second).isEqualTo(first);
        for (Path jar : second) {
            assertThat(Files.getLastModifiedTime(jar)).as(jar.toString()).isEqualTo(LONG_AGO);
        }
    }

    @Test
    void aCopyMissingAJarOrHoldingATruncatedOneIsUnpackedAgain() throws Exception {
        List<Path> first = paths(S3ProxyJars.unpack(BUNDLE, root));
        long size = Files.size(first.get(0));
        Files.delete(first.get(0));
        Files.write(first.get(1), new byte[] {1, 2, 3});

        List<Path> second = paths(S3ProxyJars.unpack(BUNDLE, root));

        assertThat(second).isEqualTo(first);
        assertThat(Files.size(second.get(0))).isEqualTo(size);
        assertThat(Files.size(second.get(1))).isGreaterThan(3);
    }

    @Test
    void anArtifactWithoutTheIndexFailsSayingTheBundleIsMissing() throws IOException {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertThatThrownBy(() -> S3ProxyJars.unpack(empty, root))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("META-INF/quadrangle/s3proxy/jars.index is missing from quadrangle-testkit-s3server; "
                            + "the artifact was built without its bundled jars");
        }
    }

    private static List<Path> paths(List<URL> urls) throws URISyntaxException {
        List<Path> paths = new ArrayList<>();
        for (URL url : urls) {
            paths.add(Path.of(url.toURI()));
        }
        return paths;
    }
}
