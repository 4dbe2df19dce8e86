package dev.quadrangle.samples.jdbc;

import java.util.Objects;

/**
 * Where the campus database lives: the JDBC URLs of one database on the primary and on its streaming
 * standby, and the credentials for both.
 *
 * @param primaryUrl the database on the primary
 * @param standbyUrl the same database on the standby
 * @param user the user
 * @param password the password (empty for trust authentication); never printed
 */
public record JdbcEndpoints(String primaryUrl, String standbyUrl, String user, String password) {
    /** The {@code application_name} the sample's connections carry, to count them on the servers. */
    public static final String APPLICATION_NAME = "quadrangle-campus";

    /** Validates the endpoints. */
    public JdbcEndpoints {
        Objects.requireNonNull(primaryUrl, "primaryUrl");
        Objects.requireNonNull(standbyUrl, "standbyUrl");
        Objects.requireNonNull(user, "user");
        password = password == null ? "" : password;
    }

    @Override
    public String toString() {
        return "JdbcEndpoints[primary=" + primaryUrl + ", standby=" + standbyUrl + ", user=" + user + "]";
    }
}
