package dev.quadrangle.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A loopback TCP proxy that holds every chunk of bytes for a fixed time before passing it on, in each
 * direction, so that a client sees a network round trip on a machine without {@code netem}. Chunks keep
 * their order and a connection's throughput is not limited: a chunk waits only for its own due time.
 * The delay is approximate (the forwarding threads sleep with {@link LockSupport#parkNanos}, which
 * oversleeps by tens of microseconds, and every chunk costs two thread hand-offs), so callers measure the
 * round trip they actually get, for example with {@code SELECT 1}.
 *
 * <p>Four daemon threads per proxied connection. Thread-safe; {@link #close()} stops accepting and
 * closes every connection.
 */
final class DelayProxy implements AutoCloseable {
    private static final int CHUNK = 64 * 1024;

    private record Chunk(long dueNanos, byte[] bytes) {
    }

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final long delayNanos;
    private final List<Socket> sockets = new ArrayList<>();
    private volatile boolean open = true;

    /**
     * Starts accepting on a free loopback port.
     *
     * @param targetPort the loopback port to forward to
     * @param oneWayDelayMicros how long each chunk is held, in each direction (0 to 100,000)
     * @throws IOException when no port can be bound
     */
    DelayProxy(int targetPort, long oneWayDelayMicros) throws IOException {
        if (oneWayDelayMicros < 0 || oneWayDelayMicros > 100_000) {
            throw new IllegalArgumentException("oneWayDelayMicros must be between 0 and 100000, was " + oneWayDelayMicros);
        }
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.delayNanos = TimeUnit.MICROSECONDS.toNanos(oneWayDelayMicros);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "delay-proxy-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @return the loopback port clients connect to */
    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (open) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                upstream.connect(target, 5_000);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                synchronized (sockets) {
                    sockets.add(client);
                    sockets.add(upstream);
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
                    while ((wait = chunk.dueNanos() - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
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

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        open = false;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        synchronized (sockets) {
            sockets.forEach(DelayProxy::closeQuietly);
            sockets.clear();
        }
    }
}
