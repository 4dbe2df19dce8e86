package dev.quadrangle.core.internal;

import dev.quadrangle.core.partition.PartitionMaintenanceException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Name;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * Makes small shared tables (schools, subjects, terms) Citus reference tables: one full copy on every node, so
 * that a query on one shard of a distributed table joins them on that node. On a database without Citus it
 * does nothing. Stateless and thread-safe.
 */
final class ReferenceTables {
    private final DataSource dataSource;

    ReferenceTables(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Makes a table a reference table unless it is one.
     *
     * @return whether it was made one now ({@code false} without Citus, or when it already was one)
     * @throws PartitionMaintenanceException when the table is missing, hash-distributed, or Citus refuses it
     */
    boolean ensure(String schema, String table) {
        Name name = DSL.name(schema, table);
        String qualified = schema + "." + table;
        try (Connection c = dataSource.getConnection()) {
            DSLContext dsl = DSL.using(c, SQLDialect.POSTGRES);
            if (CitusTables.version(dsl).isEmpty()) {
                return false;
            }
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                // two nodes starting at once: the second waits, then finds a reference table
                dsl.fetch("select pg_advisory_xact_lock({0})", DSL.val(lockKey(qualified)));
                boolean made = makeReference(dsl, name, qualified);
                c.commit();
                return made;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException | DataAccessException e) {
            throw new PartitionMaintenanceException("making " + qualified + " a Citus reference table failed: "
                    + MaintenanceSession.rootMessage(e), e);
        }
    }

    private static boolean makeReference(DSLContext dsl, Name name, String qualified) {
        if (dsl.fetchValue("select to_regclass({0}) is null", DSL.val(CitusTables.render(name))) == Boolean.TRUE) {
            throw new PartitionMaintenanceException("table " + qualified + " does not exist; create it before making it a"
                    + " Citus reference table", null);
        }
        Optional<CitusTables.Placement> placement = CitusTables.placement(dsl, name);
        if (placement.isPresent() && placement.get().reference()) {
            return false;
        }
        if (placement.isPresent() && placement.get().distributed()) {
            throw new PartitionMaintenanceException("table " + qualified + " is distributed by " + placement.get().column()
                    + "; a reference table is copied whole to every node instead, so undistribute it first (undistribute_table)"
                    + " if that is what you want", null);
        }
        dsl.fetch(CitusTables.reference(name));
        // Citus copies the rows to the reference table's placements and leaves the originals, invisible, in the
        // coordinator's own table; they are dropped unless a foreign key of another table points at the table
        // (that truncate would cascade to the referencing table's own copy)
        boolean referenced = dsl.fetchValue("select exists (select 1 from pg_constraint where contype = 'f' and confrelid"
                + " = to_regclass({0}))", DSL.val(CitusTables.render(name))) == Boolean.TRUE;
        if (!referenced) {
            dsl.fetch(CitusTables.truncateLocalData(name));
        }
        return true;
    }

    private static long lockKey(String qualified) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(("quadrangle.reference:" + qualified)
                    .getBytes(StandardCharsets.UTF_8));
            long key = 0;
            for (int i = 0; i < 8; i++) {
                key = (key << 8) | (hash[i] & 0xFF);
            }
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
