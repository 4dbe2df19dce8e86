package dev.quadrangle.samples.modules;

import dev.quadrangle.samples.schema.CampusCalendar;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The campus's terms as stored in the {@code terms} table, read once when the backend opens: the grade
 * book needs a term's dates to scope its partition key, and the grades spec needs the academic calendar.
 *
 * <p>Immutable and thread-safe.
 */
final class CampusTerms {
    private static final String TERMS = "SELECT id, name, academic_year, starts_on, ends_on FROM terms ORDER BY starts_on";

    private final List<CampusCalendar.Term> terms;
    private final Map<Integer, CampusCalendar.Term> byId;

    private CampusTerms(List<CampusCalendar.Term> terms) {
        this.terms = List.copyOf(terms);
        this.byId = terms.stream().collect(Collectors.toUnmodifiableMap(CampusCalendar.Term::id, Function.identity()));
    }

    static CampusTerms read(DataSource primary) {
        try (Connection c = primary.getConnection(); PreparedStatement ps = c.prepareStatement(TERMS);
                ResultSet rs = ps.executeQuery()) {
            List<CampusCalendar.Term> terms = new ArrayList<>();
            while (rs.next()) {
                terms.add(new CampusCalendar.Term(rs.getInt(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, java.time.LocalDate.class), rs.getObject(5, java.time.LocalDate.class)));
            }
            if (terms.isEmpty()) {
                throw new IllegalStateException("the terms table is empty: load the campus before opening the backend");
            }
            return new CampusTerms(terms);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the campus terms: " + e.getMessage(), e);
        }
    }

    List<CampusCalendar.Term> all() {
        return terms;
    }

    /** A term by id; {@link IllegalArgumentException} naming the known ids when there is none. */
    CampusCalendar.Term term(int id) {
        CampusCalendar.Term t = byId.get(id);
        if (t == null) {
            throw new IllegalArgumentException("no term " + id + "; terms: " + byId.keySet().stream().sorted().toList());
        }
        return t;
    }

    static OffsetDateTime start(CampusCalendar.Term t) {
        return t.start().atOffset(ZoneOffset.UTC);
    }

    static OffsetDateTime end(CampusCalendar.Term t) {
        return t.end().atOffset(ZoneOffset.UTC);
    }
}
