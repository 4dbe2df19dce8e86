package dev.quadrangle.testkit.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Answers whether a Docker engine is reachable. A cheap look for a socket or {@code DOCKER_HOST}
 * comes first, so machines without Docker do not pay for (or log) Testcontainers' full discovery.
 */
public final class DockerProbe implements BooleanSupplier {

    @Override
    public boolean getAsBoolean() {
        boolean hint = System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
        if (!hint) {
            return false;
        }
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
