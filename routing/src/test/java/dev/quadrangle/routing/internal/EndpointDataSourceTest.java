package dev.quadrangle.routing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The secrets taken out of a URL still reach the server: a loopback stand-in for PostgreSQL asks for a
 * cleartext password and records the one the driver sends.
 */
class EndpointDataSourceTest {
    private static final String SECRET = "p@ss word&more";
    private static final int SSL_REQUEST = 80877103;
    private static final int GSSENC_REQUEST = 80877104;

    @Test
    void passwordTakenOutOfTheUrlIsStillSentToTheServer() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(10_000);
            CompletableFuture<String> sent = CompletableFuture.supplyAsync(() -> receivePassword(server));
            String url = "jdbc:postgresql://127.0.0.1:" + server.getLocalPort() + "/app?password="
                    + URLEncoder.encode(SECRET, StandardCharsets.UTF_8) + "&sslmode=disable&gssEncMode=disable";
            EndpointSpec spec = EndpointSpec.ofUrl("primary", JdbcUrl.parse("primary", url), "app", null);
            assertThat(spec.url().driverUrl()).doesNotContain("password");

            assertThatThrownBy(() -> new EndpointDataSource(spec, timeouts()).getConnection())
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("the stand-in refuses every login");
            assertThat(sent.get(10, TimeUnit.SECONDS)).isEqualTo(SECRET);
        }
    }

    @Test
    void passwordArgumentIsSentWhenTheUrlHasNone() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(10_000);
            CompletableFuture<String> sent = CompletableFuture.supplyAsync(() -> receivePassword(server));
            String url = "jdbc:postgresql://127.0.0.1:" + server.getLocalPort() + "/app?sslmode=disable&gssEncMode=disable";
            EndpointSpec spec = EndpointSpec.ofUrl("primary", JdbcUrl.parse("primary", url), "app", "argument-pw");

            assertThatThrownBy(() -> new EndpointDataSource(spec, timeouts()).getConnection())
                    .isInstanceOf(SQLException.class);
            assertThat(sent.get(10, TimeUnit.SECONDS)).isEqualTo("argument-pw");
        }
    }

    @Test
    void refusesOtherCredentialsAndShowsNoSecret() {
        EndpointSpec spec = EndpointSpec.ofUrl("r1",
                JdbcUrl.parse("replica 'r1'", "jdbc:postgresql://db/app?sslpassword="
                        + URLEncoder.encode(SECRET, StandardCharsets.UTF_8)), "app", "pw");
        EndpointDataSource source = new EndpointDataSource(spec, new Properties());
        assertThatThrownBy(() -> source.getConnection("other", "pw"))
                .isInstanceOf(SQLFeatureNotSupportedException.class)
                .hasMessage("the credentials of r1 are set on the routing builder; use getConnection()");
        assertThat(source).hasToString("EndpointDataSource[r1[jdbc:postgresql://db/app, user=app]]");
        assertThat(spec.credentials()).containsEntry("password", "pw").containsEntry("sslpassword", SECRET)
                .containsEntry("user", "app");
    }

    private static Properties timeouts() {
        Properties settings = new Properties();
        settings.setProperty("connectTimeout", "5");
        settings.setProperty("socketTimeout", "5");
        settings.setProperty("loginTimeout", "5");
        return settings;
    }

    /** Plays a server that asks for a cleartext password, then refuses the login; returns the password. */
    private static String receivePassword(ServerSocket server) {
        try (Socket socket = server.accept()) {
            socket.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            for (int message = 0; message < 3; message++) {
                int length = in.readInt();
                int code = in.readInt();
                in.readFully(new byte[length - 8]);
                if (code == SSL_REQUEST || code == GSSENC_REQUEST) {
                    out.write('N');
                    out.flush();
                    continue;
                }
                out.write('R');
                out.writeInt(8);
                out.writeInt(3); // AuthenticationCleartextPassword
                out.flush();
                int type = in.read();
                byte[] body = new byte[in.readInt() - 4];
                in.readFully(body);
                byte[] error = "SFATAL\0C28P01\0Mthe stand-in refuses every login\0\0".getBytes(StandardCharsets.UTF_8);
                out.write('E');
                out.writeInt(4 + error.length);
                out.write(error);
                out.flush();
                return type == 'p' ? new String(body, 0, body.length - 1, StandardCharsets.UTF_8)
                        : "unexpected message " + (char) type;
            }
            return "no startup message";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
