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
            RedisServer created = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .setting("maxmemory 512mb")
                    .onShutdownForceStop(true)
                    .build();
            created.start();
            server = created;
            awaitPing();
        } catch (IOException | RuntimeException e) {
            throw new ServiceStartException("embedded Redis on port " + port, ServiceMode.EMBEDDED,
                    "To use your own server set QUADRANGLE_REDIS_URI=redis://host:port.", e);
        } finally {
            lock.unlock();
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
