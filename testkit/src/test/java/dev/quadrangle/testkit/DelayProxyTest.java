package dev.quadrangle.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DelayProxyTest {

    @Test
    void forwardsEveryByteInOrderBothWays() throws Exception {
        byte[] sent = new byte[1 << 20];
        new Random(42).nextBytes(sent);
        try (ServerSocket echo = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> echoOnce(echo), "echo");
            server.setDaemon(true);
            server.start();
            try (DelayProxy proxy = DelayProxy.start(echo.getLocalPort(), Duration.ofNanos(200_000));
                    Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                client.setSoTimeout(30_000);
                Thread writer = new Thread(() -> writeInPieces(client, sent), "writer");
                writer.setDaemon(true);
                writer.start();
                byte[] received = new byte[sent.length];
                new DataInputStream(client.getInputStream()).readFully(received);
                writer.join(30_000);
                assertThat(writer.isAlive()).as("writer finished").isFalse();
                assertThat(received).isEqualTo(sent);
            }
        }
    }

    @Test
    void cutConnectionsResetsTheOpenOnesAndTheNextNewOne() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                for (int i = 0; i < 3; i++) {
                    echoOnce(echo);
                }
            }, "echo");
            server.setDaemon(true);
            server.start();
            try (DelayProxy proxy = DelayProxy.start(echo.getLocalPort(), Duration.ZERO)) {
                try (Socket first = connect(proxy)) {
                    assertThat(roundTrip(first, 42)).isEqualTo(42);
                    proxy.cutConnections(1);
                    assertThatThrownBy(() -> roundTrip(first, 43)).isInstanceOf(IOException.class);
                }
                try (Socket cut = connect(proxy)) {
                    assertThatThrownBy(() -> roundTrip(cut, 44)).isInstanceOf(IOException.class);
                }
                try (Socket third = connect(proxy)) {
                    assertThat(roundTrip(third, 45)).isEqualTo(45);
                }
                assertThat(proxy.acceptedConnections()).isEqualTo(3);
            }
        }
    }

    private static Socket connect(DelayProxy proxy) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        s.setSoTimeout(10_000);
        return s;
    }

    private static int roundTrip(Socket s, int value) throws IOException {
        s.getOutputStream().write(value);
        s.getOutputStream().flush();
        int back = s.getInputStream().read();
        if (back < 0) {
            throw new IOException("connection closed");
        }
        return back;
    }

    @Test
    void refusesADelayOutOfRange() {
        assertThatThrownBy(() -> DelayProxy.start(5432, Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("oneWayDelay must be between 0 and PT5M, was PT-0.001S");
        assertThatThrownBy(() -> DelayProxy.start(0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("targetPort must be between 1 and 65535, was 0");
    }

    private static void echoOnce(ServerSocket echo) {
        try (Socket s = echo.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the test fails on the client side
        }
    }

    private static void writeInPieces(Socket client, byte[] bytes) {
        try {
            OutputStream out = client.getOutputStream();
            Random sizes = new Random(7);
            int at = 0;
            while (at < bytes.length) {
                int n = Math.min(bytes.length - at, 1 + sizes.nextInt(20_000));
                out.write(bytes, at, n);
                at += n;
            }
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
