package dev.quadrangle.storage;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A {@link ReferenceSource} for a PostgreSQL table whose column holds {@link ContentRef#toJson()} (as
 * {@code jsonb} or {@code text}), with a single-column key used for keyset paging. Lookups use the
 * expression {@code (column::jsonb ->> 'uri')}; index it for large tables:
 * {@code CREATE INDEX ON activity (((content_ref::jsonb) ->> 'uri'))}.
 *
 * <p>Immutable and thread-safe.
 */
public final class JdbcReferenceColumn implements ReferenceSource {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final int PAGE = 1000;

    private final String table;
    private final String referencedSql;
    private final String pageSql;
    private final String firstPageSql;

    private JdbcReferenceColumn(String table, String idColumn, String refColumn) {
        this.table = table;
        String uri = "((" + quote(refColumn) + ")::jsonb ->> 'uri')";
        String from = " FROM " + quoteQualified(table);
        this.referencedSql = "SELECT DISTINCT " + uri + from + " WHERE " + uri + " = ANY(?)";
        String select = "SELECT " + quote(idColumn) + ", " + quote(refColumn) + "::text" + from + " WHERE "
                + quote(refColumn) + " IS NOT NULL";
        String order = " ORDER BY " + quote(idColumn) + " LIMIT " + PAGE;
        this.firstPageSql = select + order;
        this.pageSql = select + " AND " + quote(idColumn) + " > ?" + order;
    }

    /**
     * A reference column.
     *
     * @param table the table, optionally schema-qualified ({@code schema.table}); lowercase identifiers
     * @param idColumn a unique, ordered key column (for paging)
     * @param refColumn the column holding references
     * @return the source
     * @throws IllegalArgumentException when a name is not a plain lowercase identifier
     */
    public static JdbcReferenceColumn of(String table, String idColumn, String refColumn) {
        Objects.requireNonNull(table, "table");
        for (String part : table.split("\\.", -1)) {
            identifier("table", part);
        }
        if (table.split("\\.").length > 2) {
            throw new IllegalArgumentException("table must be 'name' or 'schema.name', was '" + table + "'");
        }
        return new JdbcReferenceColumn(table, identifier("idColumn", idColumn), identifier("refColumn", refColumn));
    }

    private static String identifier(String property, String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(property + " must match " + IDENTIFIER.pattern() + ", was '" + name + "'");
        }
        return name;
    }

    private static String quote(String identifier) {
        return "\"" + identifier + "\"";
    }

    private static String quoteQualified(String table) {
        String[] parts = table.split("\\.");
        return parts.length == 1 ? quote(parts[0]) : quote(parts[0]) + "." + quote(parts[1]);
    }

    @Override
    public Set<String> referenced(Connection connection, Collection<String> uris) throws SQLException {
        Set<String> found = new HashSet<>();
        if (uris.isEmpty()) {
            return found;
        }
        Array array = connection.createArrayOf("text", uris.toArray());
        try (PreparedStatement ps = connection.prepareStatement(referencedSql)) {
            ps.setArray(1, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        } finally {
            array.free();
        }
        return found;
    }

    @Override
    public void forEach(Connection connection, Consumer<RowReference> consumer) throws SQLException {
        Object last = null;
        while (true) {
            int rows = 0;
            try (PreparedStatement ps = connection.prepareStatement(last == null ? firstPageSql : pageSql)) {
                if (last != null) {
                    ps.setObject(1, last);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        last = rs.getObject(1);
                        consumer.accept(new RowReference(table, String.valueOf(last), ContentRef.parse(rs.getString(2))));
                    }
                }
            }
            if (rows < PAGE) {
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "JdbcReferenceColumn[" + table + "]";
    }
}
