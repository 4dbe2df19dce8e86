package dev.quadrangle.samples.data;

/**
 * The size of a generated campus, scaled by the number of schools, and the arithmetic that maps
 * schools, classes, students, activities and questions to their ids (so the load driver can address any
 * entity without asking the database).
 *
 * <p>One school has {@value #CLASSES_PER_SCHOOL} classes of {@value #STUDENTS_PER_CLASS} students and one
 * teacher each: 50 schools are the seed's 50,000 students in 500 classes. Immutable and thread-safe.
 */
public final class CampusScale {
    /** Smallest number of schools. */
    public static final int MIN_SCHOOLS = 1;
    /** Largest number of schools (a million students). */
    public static final int MAX_SCHOOLS = 1_000;
    /** Classes in one school. */
    public static final int CLASSES_PER_SCHOOL = 10;
    /** Students in one class. */
    public static final int STUDENTS_PER_CLASS = 100;
    /** Activities one class gets per term. */
    public static final int ACTIVITIES_PER_CLASS_PER_TERM = 12;
    /** Terms that hold generated activities (the previous and the current one). */
    public static final int TERMS_WITH_ACTIVITIES = 2;
    /** Subjects (and so teachers' subjects). */
    public static final int SUBJECTS = 8;
    /** Question bank systems (seed 002's systemId). */
    public static final int SYSTEMS = 6;
    /** Topics per system. */
    public static final int TOPICS_PER_SYSTEM = 8;
    /** Difficulty levels, 1 (easy) to 3 (hard). */
    public static final int DIFFICULTIES = 3;
    /** Questions in each (system, topic, difficulty) pool. */
    public static final int QUESTIONS_PER_POOL = 60;
    /** Options per question, exactly one correct. */
    public static final int OPTIONS_PER_QUESTION = 4;
    /** Generated past answers per student. */
    public static final int ANSWERS_PER_STUDENT = 12;
    /** Generated raw interactions per student, within the retention window. */
    public static final int INTERACTIONS_PER_STUDENT = 20;
    /** Generated audit log entries per user (students and teachers), over two years. */
    public static final int AUDIT_LOGS_PER_USER = 20;

    private final int schools;

    private CampusScale(int schools) {
        this.schools = schools;
    }

    /**
     * A campus of a number of schools.
     *
     * @param schools between {@value #MIN_SCHOOLS} and {@value #MAX_SCHOOLS}
     * @return the scale
     * @throws IllegalArgumentException when out of range
     */
    public static CampusScale ofSchools(int schools) {
        if (schools < MIN_SCHOOLS || schools > MAX_SCHOOLS) {
            throw new IllegalArgumentException("schools must be between " + MIN_SCHOOLS + " and " + MAX_SCHOOLS
                    + ", was " + schools);
        }
        return new CampusScale(schools);
    }

    /** The number of schools. */
    public int schools() {
        return schools;
    }

    /** The number of classes (ids 1 to this). */
    public int classes() {
        return schools * CLASSES_PER_SCHOOL;
    }

    /** The number of teachers, one per class. */
    public int teachers() {
        return classes();
    }

    /** The number of students. */
    public int students() {
        return classes() * STUDENTS_PER_CLASS;
    }

    /** The number of activities. */
    public int activities() {
        return classes() * ACTIVITIES_PER_CLASS_PER_TERM * TERMS_WITH_ACTIVITIES;
    }

    /** The number of questions in the bank (independent of the number of schools). */
    public static int questions() {
        return pools() * QUESTIONS_PER_POOL;
    }

    /** The number of question pools. */
    public static int pools() {
        return SYSTEMS * TOPICS_PER_SYSTEM * DIFFICULTIES;
    }

    /**
     * The school of a class.
     *
     * @param classId 1 to {@link #classes()}
     * @return the school id
     */
    public static int schoolOfClass(long classId) {
        return (int) ((classId - 1) / CLASSES_PER_SCHOOL) + 1;
    }

    /**
     * The user id of a class's teacher: teachers take user ids 1 to {@link #teachers()}.
     *
     * @param classId the class
     * @return the teacher's user id
     */
    public static long teacherOfClass(long classId) {
        return classId;
    }

    /**
     * The user id of a student: students take the user ids after the teachers'.
     *
     * @param studentIndex 0 to {@link #students()} - 1
     * @return the user id
     */
    public long studentUserId(int studentIndex) {
        return teachers() + 1L + studentIndex;
    }

    /**
     * The class of a student.
     *
     * @param studentIndex 0 to {@link #students()} - 1
     * @return the class id
     */
    public static long classOfStudent(int studentIndex) {
        return studentIndex / STUDENTS_PER_CLASS + 1L;
    }

    /**
     * The id of a class's activity.
     *
     * @param classId the class
     * @param termIndex 0 for the previous term, 1 for the current one
     * @param k 0 to {@value #ACTIVITIES_PER_CLASS_PER_TERM} - 1
     * @return the activity id
     */
    public static long activityId(long classId, int termIndex, int k) {
        return (classId - 1) * ACTIVITIES_PER_CLASS_PER_TERM * TERMS_WITH_ACTIVITIES
                + (long) termIndex * ACTIVITIES_PER_CLASS_PER_TERM + k + 1;
    }

    /**
     * The id of a topic.
     *
     * @param systemId 1 to {@value #SYSTEMS}
     * @param t 0 to {@value #TOPICS_PER_SYSTEM} - 1
     * @return the topic id
     */
    public static int topicId(int systemId, int t) {
        return (systemId - 1) * TOPICS_PER_SYSTEM + t + 1;
    }

    /**
     * The id of a question: pools are numbered by system, topic, then difficulty.
     *
     * @param systemId 1 to {@value #SYSTEMS}
     * @param t topic index within the system, 0-based
     * @param difficulty 1 to {@value #DIFFICULTIES}
     * @param k 0 to {@value #QUESTIONS_PER_POOL} - 1
     * @return the question id
     */
    public static long questionId(int systemId, int t, int difficulty, int k) {
        long pool = ((long) (systemId - 1) * TOPICS_PER_SYSTEM + t) * DIFFICULTIES + (difficulty - 1);
        return pool * QUESTIONS_PER_POOL + k + 1;
    }

    /**
     * The difficulty of a question, from its id.
     *
     * @param questionId 1 to {@link #questions()}
     * @return 1 to {@value #DIFFICULTIES}
     */
    public static int difficultyOf(long questionId) {
        return (int) (((questionId - 1) / QUESTIONS_PER_POOL) % DIFFICULTIES) + 1;
    }

    @Override
    public String toString() {
        return String.format("%,d schools, %,d classes, %,d students, %,d teachers, %,d activities, %,d questions",
                schools, classes(), students(), teachers(), activities(), questions());
    }
}
