package dev.quadrangle.testkit.internal;

import dev.quadrangle.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** What every PostgreSQL server of the testkit shares: URLs, data sources and small queries. */
abstract class AbstractPostgresServer implements PostgresServer {
    private final String role;
    private final String user;
    private final String password;

    AbstractPostgresServer(String role, String user, String password) {
        this.role = role;
        this.user = user;
        this.password = password == null ? "" : password;
    }

    @Override
    public String role() {
        return role;
    }

    /** How error messages name this server: its role, or a topology node's name. */
    String label() {
        return role();
    }

    @Override
    public final String user() {
        return user;
    }

    @Override
    public final String password() {
        return password;
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    @Override
    public DataSource dataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {host()});
        ds.setPortNumbers(new int[] {port()});
        ds.setDatabaseName(database);
        ds.setUser(user);
        if (!password.isEmpty()) {
            ds.setPassword(password);
        }
        ds.setConnectTimeout(5);
        ds.setApplicationName("quadrangle-testkit");
        return ds;
    }

    /** Runs a one-value query on the {@code postgres} database. */
    final String queryString(String sql) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(label() + " query failed (" + sql + "): " + e.getMessage(), e);
        }
    }

    /** Runs statements on the {@code postgres} database, in one session, in autocommit mode. */
    final void execute(String... statements) {
        String current = "";
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            for (String sql : statements) {
                current = sql;
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(label() + " statement failed (" + current + "): " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL " + label() + " at " + host() + ":" + port();
    }
}
