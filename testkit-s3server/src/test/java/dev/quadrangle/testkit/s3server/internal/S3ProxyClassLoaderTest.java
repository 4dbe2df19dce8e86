package dev.quadrangle.testkit.s3server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What the isolated loader takes from the bundled jars and what it shares with the host. This module's
 * test class path has s3proxy's tree too (provided scope), which is what makes the checks able to fail.
 */
class S3ProxyClassLoaderTest {
    private final S3ProxyClassLoader loader = S3ProxyClassLoader.shared();

    @Test
    void jettyAndJcloudsComeFromTheBundledJarsEvenWhenTheHostHasThem() throws ClassNotFoundException {
        for (String name : new String[] {"org.eclipse.jetty.server.Server", "jakarta.servlet.http.HttpServletResponse",
                "org.jclouds.ContextBuilder", "com.google.common.collect.ImmutableList"}) {
            Class<?> isolated = loader.loadClass(name);
            assertThat(isolated.getClassLoader()).as(name).isSameAs(loader);
            assertThat(isolated).as(name).isNotSameAs(Class.forName(name));
        }
    }

    @Test
    void slf4jAndTheControlInterfaceAreTheHostsOwn() throws ClassNotFoundException {
        assertThat(loader.loadClass("org.slf4j.LoggerFactory")).isSameAs(LoggerFactory.class);
        assertThat(loader.loadClass(S3ProxyControl.class.getName())).isSameAs(S3ProxyControl.class);
    }

    @Test
    void theBridgeIsDefinedByTheIsolatedLoaderAndLinksAgainstTheBundledS3Proxy() throws Exception {
        Class<?> bridge = loader.loadClass(S3ProxyClassLoader.ISOLATED_PACKAGE + "TransientS3Proxy");
        assertThat(bridge.getClassLoader()).isSameAs(loader);
        assertThat(S3ProxyControl.class).isAssignableFrom(bridge);
        assertThat(bridge.getDeclaredField("proxy").getType().getClassLoader()).isSameAs(loader);
    }

    @Test
    void onlySlf4jAndQuadrangleTypesOutsideTheIsolatedPackageAreShared() {
        assertThat(S3ProxyClassLoader.sharedWithHost("org.slf4j.Logger")).isTrue();
        assertThat(S3ProxyClassLoader.sharedWithHost(S3ProxyControl.class.getName())).isTrue();
        assertThat(S3ProxyClassLoader.sharedWithHost(S3ProxyClassLoader.ISOLATED_PACKAGE + "TransientS3Proxy")).isFalse();
        assertThat(S3ProxyClassLoader.sharedWithHost("org.eclipse.jetty.server.Server")).isFalse();
        assertThat(S3ProxyClassLoader.sharedWithHost("org.slf4j2.Fake")).isFalse();
    }
}
