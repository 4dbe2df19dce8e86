package dev.quadrangle.testkit.internal;

import dev.quadrangle.testkit.ServiceMode;
import dev.quadrangle.testkit.ServiceStartException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import redis.embedded.RedisServer;

/** A real redis-server process from the embedded-redis artifact, on a random free loopback port. */
public final class EmbeddedRedis extends AbstractRedisNode implements AutoCloseable {
    private final int port;
    private final ReentrantLock lock = new ReentrantLock();
    private RedisServer server;

    private EmbeddedRedis(int port) {
        this.port = port;
    }

    /**
     * Starts a Redis server on a free port.
     *
     * @return the running server
     * @throws ServiceStartException when it cannot start
     */
    public static EmbeddedRedis launch() {
        EmbeddedRedis redis = new EmbeddedRedis(FreePorts.next());
        redis.start();
        return redis;
    }

    @Override
    public ServiceMode mode() {
        return ServiceMode.EMBEDDED;
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public boolean controllable() {
        return true;
    }

    @Override
    public void start() {
        lock.lock();
        try {
            if (server != null) {
                return;
            }
            // a restart right after a stop can race the old process for the port: a few bounded attempts
            IOException lastIo = null;
            RuntimeException lastRuntime = null;
            for (int attempt = 1; attempt <= START_ATTEMPTS && server == null; attempt++) {
                RedisServer created = RedisServer.newRedisServer()
                        .port(port)
                        .bind("127.0.0.1")
                        .setting("save \"\"")
                        .setting("appendonly no")
                        .setting("maxmemory 512mb")
                        .onShutdownForceStop(true)
                        .build();
                try {
                    created.start();
                    server = created;
                } catch (IOException e) {
                    lastIo = e;
                    stopQuietly(created);
                    awaitPortFree();
                } catch (RuntimeException e) {
                    lastRuntime = e;
                    stopQuietly(created);
                    awaitPortFree();
                }
            }
            if (server == null) {
                if (lastIo != null) {
                    throw lastIo;
                }
                throw lastRuntime;
            }
            awaitPing();
        } catch (IOException | RuntimeException e) {
            throw new ServiceStartException("embedded Redis on port " + port, ServiceMode.EMBEDDED,
                    "To use your own server set QUADRANGLE_REDIS_URI=redis://host:port.", e);
        } finally {
            lock.unlock();
        }
    }

    private static final int START_ATTEMPTS = 3;

    private static void stopQuietly(RedisServer server) {
        try {
            server.stop();
        } catch (IOException | RuntimeException ignored) {
            // it did not start; nothing to stop
        }
    }

    /** Waits (bounded) until nothing answers on the port any more, so that a restart can bind it. */
    private void awaitPortFree() {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (accepts() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    private boolean accepts() {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void awaitPing() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!answersPing()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server did not answer PING within 10 s");
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }

    @Override
    public void stop() {
        lock.lock();
        try {
            if (server == null) {
                return;
            }
            RedisServer running = server;
            server = null;
            running.stop();
            awaitPortFree();
        } catch (IOException e) {
            throw new IllegalStateException("could not stop embedded Redis on port " + port + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isRunning() {
        lock.lock();
        try {
            return server != null;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
