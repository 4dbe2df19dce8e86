package dev.quadrangle.testkit.internal;

import dev.quadrangle.testkit.ServiceMode;
import dev.quadrangle.testkit.ServiceStartException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import redis.embedded.RedisServer;

/**
 * A Redis Cluster of real redis-server processes from the embedded-redis artifact, one master per
 * node, on free loopback ports (the cluster bus on port + 10000), formed by hand: config epochs,
 * {@code CLUSTER MEET} from every node to every other, {@code CLUSTER ADDSLOTS}, then waiting for
 * {@code cluster_state:ok} on every node.
 */
public final class EmbeddedRedisCluster implements AutoCloseable {
    private static final int SLOTS = 16384;
    private static final Duration FORMATION_TIMEOUT = Duration.ofSeconds(30);
    private final List<Integer> ports;
    private final List<RedisServer> servers = new ArrayList<>();
    private final Path directory;

    private EmbeddedRedisCluster(List<Integer> ports, Path directory) {
        this.ports = List.copyOf(ports);
        this.directory = directory;
    }

    /**
     * Starts and forms a cluster.
     *
     * @param masters the number of master nodes, 1 to 16
     * @return the running cluster
     * @throws ServiceStartException when a node cannot start or the cluster does not form in time
     */
    public static EmbeddedRedisCluster launch(int masters) {
        if (masters < 1 || masters > 16) {
            throw new IllegalArgumentException("masters must be between 1 and 16, was " + masters);
        }
        Path directory;
        try {
            directory = Files.createTempDirectory("quadrangle-redis-cluster");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the Redis Cluster: " + e.getMessage(), e);
        }
        EmbeddedRedisCluster cluster = new EmbeddedRedisCluster(clusterPorts(masters), directory);
        try {
            cluster.startNodes();
            cluster.form();
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw new ServiceStartException("embedded Redis Cluster on ports " + cluster.ports, ServiceMode.EMBEDDED,
                    "The cluster needs free loopback ports P and P+10000 per node.", e);
        }
    }

    /** @return the client ports of the nodes */
    public List<Integer> ports() {
        return ports;
    }

    private static List<Integer> clusterPorts(int count) {
        List<Integer> ports = new ArrayList<>();
        for (int attempt = 0; ports.size() < count && attempt < 200; attempt++) {
            int port = FreePorts.next();
            if (port <= 55_535 && !ports.contains(port) && isFree(port + 10_000)) {
                ports.add(port);
            }
        }
        if (ports.size() < count) {
            throw new IllegalStateException("no " + count + " free port pairs (P, P+10000) on loopback");
        }
        return ports;
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }

    private void startNodes() throws IOException {
        for (int port : ports) {
            RedisServer server = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("cluster-enabled yes")
                    .setting("cluster-node-timeout 2000")
                    .setting("cluster-config-file nodes-" + port + ".conf")
                    .setting("dir " + directory.toAbsolutePath())
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .setting("maxmemory 256mb")
                    .onShutdownForceStop(true)
                    .build();
            server.start();
            servers.add(server);
            awaitReply(port, "PING", "PONG");
        }
    }

    private void form() throws IOException {
        for (int i = 0; i < ports.size(); i++) {
            RespClient.call("127.0.0.1", ports.get(i), "CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
        }
        for (int from : ports) {
            for (int to : ports) {
                if (from != to) {
                    RespClient.call("127.0.0.1", from, "CLUSTER", "MEET", "127.0.0.1", Integer.toString(to));
                }
            }
        }
        int per = SLOTS / ports.size();
        for (int i = 0; i < ports.size(); i++) {
            int first = i * per;
            int last = i == ports.size() - 1 ? SLOTS - 1 : first + per - 1;
            List<String> args = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
            for (int slot = first; slot <= last; slot++) {
                args.add(Integer.toString(slot));
            }
            RespClient.call("127.0.0.1", ports.get(i), args.toArray(new String[0]));
        }
        for (int port : ports) {
            awaitClusterOk(port);
        }
    }

    private static void awaitReply(int port, String command, String expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                if (expected.equals(RespClient.call("127.0.0.1", port, command))) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("redis-server on port " + port + " did not answer " + command);
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }

    private static void awaitClusterOk(int port) throws IOException {
        long deadline = System.nanoTime() + FORMATION_TIMEOUT.toNanos();
        String info = "";
        while (System.nanoTime() - deadline < 0) {
            info = RespClient.call("127.0.0.1", port, "CLUSTER", "INFO");
            if (info != null && info.contains("cluster_state:ok")) {
                return;
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        throw new IllegalStateException("Redis Cluster node " + port + " not ok within " + FORMATION_TIMEOUT + ": " + info);
    }

    /** Stops every node and deletes the cluster's directory. */
    @Override
    public void close() {
        List<RedisServer> running = new ArrayList<>(servers);
        Collections.reverse(running);
        for (RedisServer server : running) {
            try {
                server.stop();
            } catch (IOException | RuntimeException e) {
                // best effort: the JVM's shutdown stops what is left
            }
        }
        servers.clear();
        Directories.deleteQuietly(directory);
    }

    @Override
    public String toString() {
        return "Redis Cluster (embedded) on 127.0.0.1 ports " + ports;
    }
}
