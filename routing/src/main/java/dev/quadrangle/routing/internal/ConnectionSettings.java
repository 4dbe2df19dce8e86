package dev.quadrangle.routing.internal;

import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The plain part of the logical connection: settings made before the physical connection exists are
 * kept and replayed on it ({@link #applyTo(Connection, boolean, boolean)}); everything else is delegated to the physical
 * connection, taking it if needed.
 */
abstract class ConnectionSettings implements Connection {
    private boolean autoCommit = true;
    private boolean readOnly;
    private Integer isolation;
    private Integer holdability;
    private String catalog;
    private String schema;
    private Map<String, Class<?>> typeMap;
    private Properties clientInfo;

    /** The physical connection, taken on first call. */
    protected abstract Connection physical() throws SQLException;

    /** The physical connection, or {@code null} when none was taken yet. */
    protected abstract Connection physicalIfTaken();

    /** Throws when the logical connection is closed. */
    protected abstract void checkOpen() throws SQLException;

    final boolean autoCommitFlag() {
        return autoCommit;
    }

    final boolean readOnlyFlag() {
        return readOnly;
    }

    final void setReadOnlyFlag(boolean value) {
        readOnly = value;
    }

    /**
     * Replays the settings on a newly taken physical connection; only what differs is sent.
     *
     * @param c the physical connection
     * @param effectiveReadOnly whether it must be read-only
     * @param setReadOnlyFlag whether to set the driver's read-only flag; {@code false} for a hot standby,
     *     which is read-only whatever the flag says
     * @throws SQLException when the driver refuses a setting
     */
    final void applyTo(Connection c, boolean effectiveReadOnly, boolean setReadOnlyFlag) throws SQLException {
        if (c.getAutoCommit() != autoCommit) {
            c.setAutoCommit(autoCommit);
        }
        if (setReadOnlyFlag && c.isReadOnly() != effectiveReadOnly) {
            c.setReadOnly(effectiveReadOnly);
        }
        if (isolation != null) {
            c.setTransactionIsolation(isolation);
        }
        if (holdability != null) {
            c.setHoldability(holdability);
        }
        if (catalog != null) {
            c.setCatalog(catalog);
        }
        if (schema != null) {
            c.setSchema(schema);
        }
        if (typeMap != null) {
            c.setTypeMap(typeMap);
        }
        if (clientInfo != null) {
            c.setClientInfo(clientInfo);
        }
    }

    @Override
    public void setAutoCommit(boolean value) throws SQLException {
        checkOpen();
        autoCommit = value;
        Connection c = physicalIfTaken();
        if (c != null) {
            c.setAutoCommit(value);
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return autoCommit;
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        isolation = level;
        Connection c = physicalIfTaken();
        if (c != null) {
            c.setTransactionIsolation(level);
        }
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        Connection c = physicalIfTaken();
        if (c != null) {
            return c.getTransactionIsolation();
        }
        // PostgreSQL's default; asking the server would take a connection before routing is decided
        return isolation != null ? isolation : Connection.TRANSACTION_READ_COMMITTED;
    }

    @Override
    public void setHoldability(int value) throws SQLException {
        checkOpen();
        holdability = value;
        Connection c = physicalIfTaken();
        if (c != null) {
            c.setHoldability(value);
        }
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        Connection c = physicalIfTaken();
        if (c != null) {
            return c.getHoldability();
        }
        return holdability != null ? holdability : ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    @Override
    public void setCatalog(String value) throws SQLException {
        checkOpen();
        catalog = value;
        Connection c = physicalIfTaken();
        if (c != null) {
            c.setCatalog(value);
        }
    }

    @Override
    public String getCatalog() throws SQLException {
        return physical().getCatalog();
    }

    @Override
    public void setSchema(String value) throws SQLException {
        checkOpen();
        schema = value;
        Connection c = physicalIfTaken();
        if (c != null) {
            c.setSchema(value);
        }
    }

    @Override
    public String getSchema() throws SQLException {
        return physical().getSchema();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        checkOpen();
        typeMap = map;
        Connection c = physicalIfTaken();
        if (c != null) {
            c.setTypeMap(map);
        }
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        return physical().getTypeMap();
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (clientInfo == null) {
            clientInfo = new Properties();
        }
        if (value == null) {
            clientInfo.remove(name);
        } else {
            clientInfo.setProperty(name, value);
        }
        Connection c = physicalIfTaken();
        if (c != null) {
            c.setClientInfo(name, value);
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        clientInfo = new Properties();
        clientInfo.putAll(properties);
        Connection c = physicalIfTaken();
        if (c != null) {
            c.setClientInfo(properties);
        }
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        return physical().getClientInfo(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        return physical().getClientInfo();
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        physical().setNetworkTimeout(executor, milliseconds);
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        return physical().getNetworkTimeout();
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        return physical().nativeSQL(sql);
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        return physical().getMetaData();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        Connection c = physicalIfTaken();
        return c == null ? null : c.getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        Connection c = physicalIfTaken();
        if (c != null) {
            c.clearWarnings();
        }
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return physical().setSavepoint();
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        return physical().setSavepoint(name);
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        physical().rollback(savepoint);
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        physical().releaseSavepoint(savepoint);
    }

    @Override
    public Clob createClob() throws SQLException {
        return physical().createClob();
    }

    @Override
    public Blob createBlob() throws SQLException {
        return physical().createBlob();
    }

    @Override
    public NClob createNClob() throws SQLException {
        return physical().createNClob();
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        return physical().createSQLXML();
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        return physical().createArrayOf(typeName, elements);
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        return physical().createStruct(typeName, attributes);
    }
}
