package dev.quadrangle.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A loopback TCP proxy in front of a real server that injects network faults: it holds every chunk of
 * bytes for a settable time before passing it on, in each direction (a slow network or a slow server,
 * on a machine without {@code netem}), and it can cut connections (a transient network error).
 *
 * <p>Chunks keep their order and a connection's throughput is not limited: a chunk waits only for its
 * own due time, which is fixed when the proxy reads it. The delay is approximate (the forwarding threads
 * park with {@link LockSupport#parkNanos}, which oversleeps by tens of microseconds, and every chunk
 * costs two thread hand-offs), so callers measure the round trip they actually get.
 *
 * <pre>{@code
 * try (DelayProxy proxy = DelayProxy.start(serverPort, Duration.ZERO)) {
 *     // point the client at proxy.port()
 *     proxy.setDelay(Duration.ofSeconds(3));   // the server now answers 6 s late
 *     proxy.cutConnections(1);                 // open connections are reset, and the next new one
 * }
 * }</pre>
 *
 * <p>Threads: one acceptor and four per proxied connection, all daemons named {@code delay-proxy-...}.
 * Thread-safe; {@link #close()} stops accepting and closes every connection.
 */
public final class DelayProxy implements AutoCloseable {
    /** The longest delay {@link #setDelay(Duration)} accepts: 5 minutes. */
    public static final Duration MAX_DELAY = Duration.ofMinutes(5);
    private static final int CHUNK = 64 * 1024;

    private record Chunk(long dueNanos, byte[] bytes) {
    }

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final ReentrantLock socketsLock = new ReentrantLock();
    private final List<Socket> sockets = new ArrayList<>();
    private final AtomicInteger toCut = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile long delayNanos;
    private volatile boolean open = true;

    private DelayProxy(int targetPort, Duration oneWayDelay) throws IOException {
        this.delayNanos = checkDelay(oneWayDelay);
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "delay-proxy-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a proxy on a free loopback port.
     *
     * @param targetPort the loopback port to forward to, 1 to 65535
     * @param oneWayDelay how long each chunk is held, in each direction, 0 to {@link #MAX_DELAY}
     * @return the running proxy
     * @throws IllegalArgumentException when the port or the delay is out of range
     * @throws IOException when no port can be bound
     */
    public static DelayProxy start(int targetPort, Duration oneWayDelay) throws IOException {
        if (targetPort < 1 || targetPort > 65_535) {
            throw new IllegalArgumentException("targetPort must be between 1 and 65535, was " + targetPort);
        }
        return new DelayProxy(targetPort, oneWayDelay);
    }

    private static long checkDelay(Duration delay) {
        Objects.requireNonNull(delay, "oneWayDelay");
        if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException("oneWayDelay must be between 0 and " + MAX_DELAY + ", was " + delay);
        }
        return delay.toNanos();
    }

    /**
     * The port clients connect to.
     *
     * @return the loopback port
     */
    public int port() {
        return server.getLocalPort();
    }

    /**
     * Changes the delay for the chunks read from now on (chunks already held keep their due time).
     *
     * @param oneWayDelay 0 to {@link #MAX_DELAY}
     * @throws IllegalArgumentException when out of range
     */
    public void setDelay(Duration oneWayDelay) {
        this.delayNanos = checkDelay(oneWayDelay);
    }

    /**
     * Resets every open connection, and the next {@code newConnections} connections as soon as they
     * are accepted (the client sees "connection reset"), as a network failure would.
     *
     * @param newConnections how many new connections to reset too, 0 or more
     * @throws IllegalArgumentException when negative
     */
    public void cutConnections(int newConnections) {
        if (newConnections < 0) {
            throw new IllegalArgumentException("newConnections must be 0 or more, was " + newConnections);
        }
        toCut.set(newConnections);
        socketsLock.lock();
        try {
            sockets.forEach(DelayProxy::reset);
            sockets.clear();
        } finally {
            socketsLock.unlock();
        }
    }

    /**
     * How many connections the proxy accepted so far, cut ones included.
     *
     * @return the count
     */
    public int acceptedConnections() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (open) {
            try {
                Socket client = server.accept();
                accepted.incrementAndGet();
                if (toCut.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    reset(client);
                    continue;
                }
                Socket upstream = new Socket();
                upstream.connect(target, 5_000);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                socketsLock.lock();
                try {
                    sockets.add(client);
                    sockets.add(upstream);
                } finally {
                    socketsLock.unlock();
                }
                pipe(client, upstream, "up");
                pipe(upstream, client, "down");
            } catch (IOException e) {
                if (open) {
                    System.err.println("delay proxy: " + e);
                }
            }
        }
    }

    /** Reads chunks from one socket and writes each to the other once it is due. */
    private void pipe(Socket from, Socket to, String direction) throws IOException {
        LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[CHUNK];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    queue.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, n)));
                }
            } catch (IOException e) {
                // the connection closed
            }
            queue.add(new Chunk(0, null));
        }, "delay-proxy-" + direction + "-read");
        Thread writer = new Thread(() -> {
            try {
                while (true) {
                    Chunk chunk = queue.take();
                    if (chunk.bytes() == null) {
                        break;
                    }
                    long wait;
                    while ((wait = chunk.dueNanos() - System.nanoTime()) > 0 && !to.isClosed()) {
                        LockSupport.parkNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(100)));
                    }
                    out.write(chunk.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the connection closed
            } finally {
                closeQuietly(to);
                closeQuietly(from);
            }
        }, "delay-proxy-" + direction + "-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    /** Closes with an RST rather than a FIN, as a failing network does. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // closing anyway
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Stops accepting and closes every connection. Idempotent. */
    @Override
    public void close() {
        open = false;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        socketsLock.lock();
        try {
            sockets.forEach(DelayProxy::closeQuietly);
            sockets.clear();
        } finally {
            socketsLock.unlock();
        }
    }
}
