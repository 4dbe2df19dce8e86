package dev.quadrangle.testkit.internal;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import dev.quadrangle.testkit.PostgresStandby;
import dev.quadrangle.testkit.RedisNode;
import dev.quadrangle.testkit.S3Server;
import dev.quadrangle.testkit.ServiceMode;
import dev.quadrangle.testkit.ServiceStartException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The services as Docker containers through Testcontainers, with pinned images. Each container's
 * port is bound to a fixed free host port, so that a stop and start ({@code docker stop}/{@code
 * docker start}, which keep the container's data) leave every URL valid.
 */
public final class ContainerServices {
    /** Pinned images. */
    static final DockerImageName POSTGRES_IMAGE = DockerImageName.parse("postgres:17.6-bookworm");
    static final DockerImageName REDIS_IMAGE = DockerImageName.parse("redis:7.4.2-alpine");
    static final DockerImageName MINIO_IMAGE = DockerImageName.parse("minio/minio:RELEASE.2025-04-22T22-12-26Z");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private ContainerServices() {
    }

    /**
     * Starts a primary and a standby made by {@code pg_basebackup -R} from it, on one Docker network.
     *
     * @return the running cluster
     */
    public static AbstractPostgresCluster postgres() {
        try {
            Network network = Network.newNetwork();
            ContainerNode primary = new ContainerNode("primary", new GenericContainer<>(POSTGRES_IMAGE)
                    .withNetwork(network)
                    .withNetworkAliases("primary")
                    .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
                    .withCommand("postgres", "-c", "wal_level=replica", "-c", "max_wal_senders=5", "-c",
                            "hot_standby=on", "-c", "wal_keep_size=256MB", "-c", "max_connections=300"),
                    5432);
            primary.startContainer(Wait.forLogMessage(".*database system is ready to accept connections.*\\n", 2));
            primary.container.execInContainer("bash", "-c",
                    "echo 'host replication all all trust' >> /var/lib/postgresql/data/pg_hba.conf");
            primary.queryString("SELECT pg_reload_conf()::text");
            String script = "set -e; D=/var/lib/postgresql/data/standby; "
                    + "if [ ! -s $D/PG_VERSION ]; then mkdir -p $D; chmod 700 $D; "
                    + "until pg_basebackup -h primary -p 5432 -U postgres -D $D -R -X stream; do sleep 1; done; fi; "
                    + "exec postgres -D $D -c hot_standby=on -c hot_standby_feedback=on -c max_connections=300";
            ContainerStandby standby = new ContainerStandby(new GenericContainer<>(POSTGRES_IMAGE)
                    .withNetwork(network)
                    .withCreateContainerCmdModifier(cmd -> cmd.withUser("postgres").withEntrypoint("bash", "-c", script)));
            standby.startContainer(Wait.forLogMessage(".*database system is ready to accept read.only connections.*\\n", 1));
            AbstractPostgresCluster cluster = new FixedPostgresCluster(ServiceMode.TESTCONTAINERS, primary, standby);
            cluster.awaitStandbyCaughtUp(START_TIMEOUT);
            return cluster;
        } catch (Exception e) {
            throw failure("PostgreSQL primary and standby (" + POSTGRES_IMAGE + ")", e);
        }
    }

    /**
     * Starts a Redis container.
     *
     * @return the running server
     */
    public static RedisNode redis() {
        try {
            ContainerHandle handle = new ContainerHandle(new GenericContainer<>(REDIS_IMAGE), 6379);
            handle.startContainer(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1));
            AbstractRedisNode node = new AbstractRedisNode() {
                @Override
                public ServiceMode mode() {
                    return ServiceMode.TESTCONTAINERS;
                }

                @Override
                public String host() {
                    return handle.host();
                }

                @Override
                public int port() {
                    return handle.hostPort;
                }

                @Override
                public boolean controllable() {
                    return true;
                }

                @Override
                public void stop() {
                    handle.stopContainer();
                }

                @Override
                public void start() {
                    handle.restartContainer(this::answersPing);
                }

                @Override
                public boolean isRunning() {
                    return handle.running;
                }
            };
            return node;
        } catch (Exception e) {
            throw failure("Redis (" + REDIS_IMAGE + ")", e);
        }
    }

    /**
     * Starts a MinIO container with the test bucket.
     *
     * @return the running server
     */
    public static S3Server s3() {
        try {
            ContainerHandle handle = new ContainerHandle(new GenericContainer<>(MINIO_IMAGE)
                    .withEnv("MINIO_ROOT_USER", "quadrangle")
                    .withEnv("MINIO_ROOT_PASSWORD", "quadrangle-secret")
                    .withCommand("server", "/data"), 9000);
            handle.startContainer(Wait.forHttp("/minio/health/ready").forPort(9000));
            AbstractS3Server server = new AbstractS3Server() {
                @Override
                public ServiceMode mode() {
                    return ServiceMode.TESTCONTAINERS;
                }

                @Override
                public URI endpoint() {
                    return URI.create("http://" + handle.host() + ":" + handle.hostPort);
                }

                @Override
                public String region() {
                    return "us-east-1";
                }

                @Override
                public String accessKey() {
                    return "quadrangle";
                }

                @Override
                public String secretKey() {
                    return "quadrangle-secret";
                }

                @Override
                public String bucket() {
                    return "quadrangle-test";
                }

                @Override
                public boolean controllable() {
                    return true;
                }

                @Override
                public void stop() {
                    handle.stopContainer();
                }

                @Override
                public void start() {
                    handle.restartContainer(() -> {
                        try (S3Client client = newClient()) {
                            client.headBucket(b -> b.bucket(bucket()));
                            return true;
                        } catch (RuntimeException e) {
                            return false;
                        }
                    });
                }

                @Override
                public boolean isRunning() {
                    return handle.running;
                }
            };
            try (S3Client client = server.newClient()) {
                client.createBucket(b -> b.bucket(server.bucket()));
            }
            return server;
        } catch (Exception e) {
            throw failure("S3 (" + MINIO_IMAGE + ")", e);
        }
    }

    private static ServiceStartException failure(String service, Exception e) {
        return new ServiceStartException(service, ServiceMode.TESTCONTAINERS,
                "Check that the Docker engine can pull the image, or set QUADRANGLE_TESTKIT_MODE=embedded.", e);
    }

    /** A container bound to a fixed host port that survives stop and start. */
    static class ContainerHandle {
        final GenericContainer<?> container;
        final int containerPort;
        final int hostPort = FreePorts.next();
        volatile boolean running;

        ContainerHandle(GenericContainer<?> container, int containerPort) {
            this.containerPort = containerPort;
            this.container = container.withExposedPorts(containerPort).withCreateContainerCmdModifier(cmd -> {
                HostConfig hostConfig = cmd.getHostConfig() == null ? new HostConfig() : cmd.getHostConfig();
                cmd.withHostConfig(hostConfig.withPortBindings(
                        new PortBinding(Ports.Binding.bindPort(hostPort), new ExposedPort(containerPort))));
            });
        }

        void startContainer(org.testcontainers.containers.wait.strategy.WaitStrategy wait) {
            container.waitingFor(wait.withStartupTimeout(START_TIMEOUT)).start();
            running = true;
        }

        String host() {
            return container.getHost();
        }

        void stopContainer() {
            if (running) {
                DockerClientFactory.instance().client().stopContainerCmd(container.getContainerId()).exec();
                running = false;
            }
        }

        void restartContainer(BooleanSupplier ready) {
            if (running) {
                return;
            }
            DockerClientFactory.instance().client().startContainerCmd(container.getContainerId()).exec();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!ready.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("container " + container.getDockerImageName()
                            + " did not become ready within " + START_TIMEOUT);
                }
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
            running = true;
        }
    }

    /** A PostgreSQL server in a container. */
    static class ContainerNode extends AbstractPostgresServer {
        final ContainerHandle handle;
        final GenericContainer<?> container;

        ContainerNode(String role, GenericContainer<?> container, int containerPort) {
            super(role, "postgres", "");
            this.handle = new ContainerHandle(container, containerPort);
            this.container = handle.container;
        }

        void startContainer(org.testcontainers.containers.wait.strategy.WaitStrategy wait) {
            handle.startContainer(wait);
        }

        @Override
        public String host() {
            return handle.host();
        }

        @Override
        public int port() {
            return handle.hostPort;
        }

        @Override
        public boolean controllable() {
            return true;
        }

        @Override
        public void stop() {
            handle.stopContainer();
        }

        @Override
        public void start() {
            handle.restartContainer(() -> {
                try (java.sql.Connection c = connect("postgres")) {
                    return c.isValid(2);
                } catch (java.sql.SQLException e) {
                    return false;
                }
            });
        }

        @Override
        public boolean isRunning() {
            return handle.running;
        }
    }

    /** The standby container. */
    static final class ContainerStandby extends ContainerNode implements PostgresStandby {
        ContainerStandby(GenericContainer<?> container) {
            super("standby", container, 5432);
        }

        @Override
        public void setReplayDelay(Duration delay) {
            StandbyControl.setReplayDelay(this, delay);
        }

        @Override
        public String replayLsn() {
            return StandbyControl.replayLsn(this);
        }

        @Override
        public void awaitReplay(String lsn, Duration timeout) {
            StandbyControl.awaitReplay(this, lsn, timeout);
        }
    }
}
