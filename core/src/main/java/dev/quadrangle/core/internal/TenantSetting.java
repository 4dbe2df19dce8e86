package dev.quadrangle.core.internal;

import dev.quadrangle.core.partition.PartitionSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Sets the tenant that row-level security policies compare with ({@link PartitionSpec#TENANT_SETTING}) for one
 * transaction.
 *
 * <p>On plain PostgreSQL it is {@code set_config(setting, tenant, true)} with the tenant bound. Citus does not
 * send a {@code set_config} call to the nodes that run a statement's shard queries, where the policies are
 * evaluated: on a cluster with workers every row would be hidden and every write refused. It does send
 * {@code SET LOCAL} statements when {@code citus.propagate_set_commands} is {@code local}; so on a database
 * with the {@code citus} extension the tenant is set with two {@code SET LOCAL} statements, the tenant as an
 * escape string literal (a {@code SET} takes no bind parameter). Whether the database runs Citus is asked once
 * and remembered. Thread-safe.
 */
final class TenantSetting {
    private static final String SET_CONFIG = "select set_config('" + PartitionSpec.TENANT_SETTING + "', ?, true)";
    private static final String HAS_CITUS = "select exists (select 1 from pg_extension where extname = 'citus')";

    private volatile Boolean citus;

    /**
     * Sets the tenant for the connection's current transaction.
     *
     * @param c a connection with autocommit off
     * @param tenant the tenant, not blank
     * @throws SQLException when a statement fails
     */
    void apply(Connection c, String tenant) throws SQLException {
        if (!onCitus(c)) {
            try (PreparedStatement ps = c.prepareStatement(SET_CONFIG)) {
                ps.setString(1, tenant);
                ps.executeQuery().close();
            }
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("set local citus.propagate_set_commands = 'local'");
            s.execute("set local " + PartitionSpec.TENANT_SETTING + " = " + literal(tenant));
        }
    }

    private boolean onCitus(Connection c) throws SQLException {
        Boolean known = citus;
        if (known == null) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(HAS_CITUS)) {
                rs.next();
                known = rs.getBoolean(1);
            }
            citus = known;
        }
        return known;
    }

    /**
     * The tenant as an escape string literal, {@code E'...'}, with backslashes and quotes doubled: it reads the
     * same whatever {@code standard_conforming_strings} says.
     *
     * @throws IllegalArgumentException when the tenant holds a NUL character, which no PostgreSQL text can
     */
    static String literal(String tenant) {
        if (tenant.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("tenantId must not contain a NUL character");
        }
        return "E'" + tenant.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
