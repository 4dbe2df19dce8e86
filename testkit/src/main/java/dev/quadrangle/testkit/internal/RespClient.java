package dev.quadrangle.testkit.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A one-shot Redis command over a plain socket, for the testkit's control commands ({@code CLIENT
 * KILL}, {@code FLUSHALL}, {@code PING}); keeps the testkit free of a Redis client library.
 */
final class RespClient {
    private RespClient() {
    }

    /**
     * Sends one command and returns its reply as text (integers as digits, errors throw).
     */
    static String call(String host, int port, String... args) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String arg : args) {
                byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                request.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                request.write(bytes);
                request.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write(request.toByteArray());
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String line = readLine(in);
            switch (line.charAt(0)) {
                case '+':
                case ':':
                    return line.substring(1);
                case '-':
                    throw new IOException("Redis replied " + line.substring(1));
                case '$':
                    int length = Integer.parseInt(line.substring(1));
                    if (length < 0) {
                        return null;
                    }
                    byte[] body = in.readNBytes(length + 2);
                    return new String(body, 0, length, StandardCharsets.UTF_8);
                default:
                    throw new IOException("unexpected Redis reply: " + line);
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                in.read();
                return line.toString();
            }
            line.append((char) c);
        }
        throw new IOException("Redis closed the connection");
    }
}
