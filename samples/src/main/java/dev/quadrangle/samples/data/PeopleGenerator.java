package dev.quadrangle.samples.data;

import dev.quadrangle.samples.schema.CampusCalendar;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/** Schools, terms, subjects, users, teachers, classes and students. */
final class PeopleGenerator {
    private final long seed;
    private final CampusScale scale;
    private final CampusCalendar calendar;

    PeopleGenerator(long seed, CampusScale scale, CampusCalendar calendar) {
        this.seed = seed;
        this.scale = scale;
        this.calendar = calendar;
    }

    void write(TableOutput out) throws SQLException {
        out.table("schools", scale.schools(), List.of("id", "name", "city"), o -> {
            for (int s = 1; s <= scale.schools(); s++) {
                SplittableRandom rnd = Rng.of(seed, Rng.SCHOOL, s);
                String city = TextFactory.city(rnd);
                o.line().add(s).add(city + " School " + s).add(city);
                o.emit();
            }
        });
        out.table("terms", 3, List.of("id", "name", "academic_year", "starts_on", "ends_on"), o -> {
            for (CampusCalendar.Term t : calendar.terms()) {
                o.line().add(t.id()).add(t.name()).add(t.academicYear()).add(t.startsOn()).add(t.endsOn());
                o.emit();
            }
        });
        out.table("subjects", CampusScale.SUBJECTS, List.of("id", "name"), o -> {
            for (int i = 0; i < CampusScale.SUBJECTS; i++) {
                o.line().add(i + 1).add(TextFactory.SUBJECTS[i]);
                o.emit();
            }
        });
        writeUsers(out);
        writeClassesAndStudents(out);
    }

    private void writeUsers(TableOutput out) throws SQLException {
        out.table("users", scale.teachers() + (long) scale.students(),
                List.of("id", "school_id", "role", "email", "display_name", "created_at"), o -> {
                    for (long classId = 1; classId <= scale.classes(); classId++) {
                        user(o, CampusScale.teacherOfClass(classId), CampusScale.schoolOfClass(classId), "teacher");
                    }
                    for (int i = 0; i < scale.students(); i++) {
                        user(o, scale.studentUserId(i), CampusScale.schoolOfClass(CampusScale.classOfStudent(i)),
                                "student");
                    }
                });
        out.table("teachers", scale.teachers(), List.of("user_id", "school_id", "subject_id"), o -> {
            for (long classId = 1; classId <= scale.classes(); classId++) {
                o.line().add(CampusScale.teacherOfClass(classId)).add(CampusScale.schoolOfClass(classId))
                        .add(subjectOfClass(classId));
                o.emit();
            }
        });
    }

    private void user(TableOutput o, long id, int school, String role) throws SQLException {
        SplittableRandom rnd = Rng.of(seed, Rng.USER, id);
        Instant created = calendar.anchor().minus(Duration.ofDays(400 + rnd.nextInt(400)))
                .plusSeconds(rnd.nextInt(86_400));
        o.line().add(id).add(school).add(role).add(role.charAt(0) + Long.toString(id) + "@school" + school
                + ".example.edu").add(TextFactory.personName(rnd)).add(created);
        o.emit();
    }

    private void writeClassesAndStudents(TableOutput out) throws SQLException {
        out.table("classes", scale.classes(), List.of("id", "school_id", "name", "grade_level", "teacher_id"), o -> {
            for (long classId = 1; classId <= scale.classes(); classId++) {
                int c = (int) ((classId - 1) % CampusScale.CLASSES_PER_SCHOOL);
                int grade = 7 + c / 2;
                o.line().add(classId).add(CampusScale.schoolOfClass(classId))
                        .add("Grade " + grade + (char) ('A' + c % 2)).add(grade)
                        .add(CampusScale.teacherOfClass(classId));
                o.emit();
            }
        });
        out.table("students", scale.students(), List.of("user_id", "school_id", "class_id", "enrolled_on"), o -> {
            for (int i = 0; i < scale.students(); i++) {
                long classId = CampusScale.classOfStudent(i);
                SplittableRandom rnd = Rng.of(seed, Rng.USER, scale.studentUserId(i));
                o.line().add(scale.studentUserId(i)).add(CampusScale.schoolOfClass(classId)).add(classId)
                        .add(calendar.today().minusDays(300 + rnd.nextInt(300)));
                o.emit();
            }
        });
    }

    static int subjectOfClass(long classId) {
        return (int) ((classId - 1) % CampusScale.SUBJECTS) + 1;
    }
}
