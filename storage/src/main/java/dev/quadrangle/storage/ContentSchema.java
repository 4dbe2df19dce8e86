package dev.quadrangle.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The tables the storage protocol needs in the host's PostgreSQL database: the delete outbox and the
 * content version history. {@link #install(Connection)} is idempotent; hosts with their own migration
 * tool can copy {@link #ddl()} instead.
 */
public final class ContentSchema {
    /** The outbox of objects to delete after the deleting transaction commits. */
    public static final String OUTBOX_TABLE = "quadrangle_content_outbox";
    /** The version history of {@link ContentVersions}. */
    public static final String VERSION_TABLE = "quadrangle_content_version";

    private static final String[] DDL = {
        "CREATE TABLE IF NOT EXISTS " + OUTBOX_TABLE + " ("
            + "id bigserial PRIMARY KEY, "
            + "object_key text NOT NULL, "
            + "enqueued_at timestamptz NOT NULL DEFAULT now(), "
            + "attempts int NOT NULL DEFAULT 0, "
            + "next_attempt_at timestamptz NOT NULL DEFAULT now(), "
            + "last_error text)",
        "CREATE INDEX IF NOT EXISTS " + OUTBOX_TABLE + "_due ON " + OUTBOX_TABLE + " (next_attempt_at, id)",
        "CREATE TABLE IF NOT EXISTS " + VERSION_TABLE + " ("
            + "id bigserial PRIMARY KEY, "
            + "tenant text NOT NULL, "
            + "document_id text NOT NULL, "
            + "version int NOT NULL, "
            + "kind text NOT NULL CHECK (kind IN ('snapshot', 'patch')), "
            + "body jsonb, "
            + "body_ref jsonb, "
            + "stored_bytes bigint NOT NULL, "
            + "document_bytes bigint NOT NULL, "
            + "created_at timestamptz NOT NULL DEFAULT now(), "
            + "CHECK ((body IS NULL) <> (body_ref IS NULL)), "
            + "UNIQUE (tenant, document_id, version))"
    };

    private ContentSchema() {
    }

    /** The DDL statements, in order. */
    public static java.util.List<String> ddl() {
        return java.util.List.of(DDL);
    }

    /**
     * Creates the tables and indexes that do not exist yet.
     *
     * @param connection a connection to the host's database; committed by the caller when not auto-commit
     * @throws SQLException when the DDL fails
     */
    public static void install(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (String ddl : DDL) {
                s.execute(ddl);
            }
        }
    }
}
