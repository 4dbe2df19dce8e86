package dev.quadrangle.testkit.internal;

import dev.quadrangle.testkit.RedisNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

/** Control commands that work on any Redis server the testkit can reach. */
abstract class AbstractRedisNode implements RedisNode {
    private static final Set<String> CLIENT_TYPES = Set.of("normal", "pubsub", "replica");

    @Override
    public long killClients(String type) {
        if (!CLIENT_TYPES.contains(type)) {
            throw new IllegalArgumentException("client type must be one of " + CLIENT_TYPES + ", was '" + type + "'");
        }
        try {
            return Long.parseLong(RespClient.call(host(), port(), "CLIENT", "KILL", "TYPE", type));
        } catch (IOException e) {
            throw new UncheckedIOException("CLIENT KILL TYPE " + type + " failed on " + this + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void flushAll() {
        try {
            RespClient.call(host(), port(), "FLUSHALL");
        } catch (IOException e) {
            throw new UncheckedIOException("FLUSHALL failed on " + this + ": " + e.getMessage(), e);
        }
    }

    /** Whether the server answers {@code PING}. */
    boolean answersPing() {
        try {
            return "PONG".equals(RespClient.call(host(), port(), "PING"));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "Redis (" + mode().name().toLowerCase(java.util.Locale.ROOT) + ") at " + host() + ":" + port();
    }
}
