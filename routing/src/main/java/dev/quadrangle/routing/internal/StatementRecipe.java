package dev.quadrangle.routing.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** How a statement was created, so that an idempotent read can recreate it on another server. */
@FunctionalInterface
interface StatementRecipe {

    /**
     * Creates the statement again.
     *
     * @param physical the physical connection
     * @return the new statement
     * @throws SQLException when the driver refuses
     */
    Statement create(Connection physical) throws SQLException;
}
