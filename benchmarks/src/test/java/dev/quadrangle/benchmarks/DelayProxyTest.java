package dev.quadrangle.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
            try (DelayProxy proxy = new DelayProxy(echo.getLocalPort(), 200);
                    Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                client.setSoTimeout(30_000);
                Thread writer = new Thread(() -> writeInPieces(client, sent), "writer");
                writer.start();
                byte[] received = new byte[sent.length];
                new DataInputStream(client.getInputStream()).readFully(received);
                writer.join();
                assertThat(received).isEqualTo(sent);
            }
        }
    }

    @Test
    void refusesADelayOutOfRange() {
        assertThatThrownBy(() -> new DelayProxy(5432, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("oneWayDelayMicros must be between 0 and 100000, was -1");
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
