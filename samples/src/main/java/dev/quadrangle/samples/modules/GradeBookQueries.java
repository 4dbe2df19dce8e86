package dev.quadrangle.samples.modules;

import dev.quadrangle.core.repository.KeysetPage;
import dev.quadrangle.core.repository.PageRequest;
import dev.quadrangle.core.repository.PartitionScope;
import dev.quadrangle.core.repository.PartitionedRepository;
import dev.quadrangle.samples.ops.CampusOperationException;
import dev.quadrangle.samples.ops.GradeBookCursor;
import dev.quadrangle.samples.ops.GradeBookPage;
import dev.quadrangle.samples.ops.GradeRow;
import dev.quadrangle.samples.schema.CampusCalendar;
import dev.quadrangle.samples.schema.CampusPartitions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * A teacher's grade book through core's {@link PartitionedRepository}: the scope holds both partition
 * keys (the term's {@code created_at} range and the class), so PostgreSQL reads one leaf; pages are keyset
 * pages on (student, activity), never OFFSET. Student names come from the students' directory region
 * (one bulk lookup per page), not from a join. Reads go through the routing data source, hinted
 * read-only and idempotent.
 *
 * <p>Thread-safe.
 */
final class GradeBookQueries {
    private final PartitionedRepository repository;
    private final CampusTerms terms;
    private final Function<Set<Long>, Map<Long, String>> names;

    GradeBookQueries(DataSource routing, CampusTerms terms, Function<Set<Long>, Map<Long, String>> names) {
        this.terms = Objects.requireNonNull(terms, "terms");
        this.names = Objects.requireNonNull(names, "names");
        this.repository = PartitionedRepository.builder(CampusPartitions.grades(terms.all()),
                Objects.requireNonNull(routing, "routing")).build();
    }

    GradeBookPage page(long classId, int termId, GradeBookCursor after, int pageSize) {
        Objects.requireNonNull(after, "after");
        if (pageSize < 1 || pageSize > 500) {
            throw new IllegalArgumentException("pageSize must be between 1 and 500, was " + pageSize);
        }
        CampusCalendar.Term term = terms.term(termId);
        // one row more than the page tells whether another page follows (as the plain query does), so a
        // class whose grades fill the last page exactly gets no empty page after it
        PageRequest request = PageRequest.orderBy("student_id", "activity_id").limit(pageSize + 1);
        if (!after.equals(GradeBookCursor.START)) {
            request = request.after(List.of(after.studentId(), after.activityId()));
        }
        KeysetPage page;
        try {
            page = repository.page(PartitionScope.between("created_at", CampusTerms.start(term), CampusTerms.end(term))
                    .and("class_id", classId), DSL.field(DSL.name("term_id"), Integer.class).eq(termId), request);
        } catch (DataAccessException e) {
            throw new CampusOperationException("gradeBook failed: " + e.getMessage(), e);
        }
        List<Record> records = page.rows().size() > pageSize ? page.rows().subList(0, pageSize) : page.rows();
        Set<Long> students = new LinkedHashSet<>();
        records.forEach(r -> students.add(r.get("student_id", Long.class)));
        Map<Long, String> studentNames = students.isEmpty() ? Map.of() : names.apply(students);
        List<GradeRow> rows = new ArrayList<>(records.size());
        for (Record r : records) {
            long student = r.get("student_id", Long.class);
            rows.add(new GradeRow(student, studentNames.get(student), r.get("activity_id", Long.class),
                    r.get("status", String.class), r.get("score", Double.class)));
        }
        if (page.rows().size() <= pageSize) {
            return new GradeBookPage(rows, null);
        }
        GradeRow last = rows.get(pageSize - 1);
        return new GradeBookPage(rows, new GradeBookCursor(last.studentId(), last.activityId()));
    }
}
