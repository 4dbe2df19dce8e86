-- The campus schema from the seeds, in plain PostgreSQL DDL. Partitions (children) are created by core's
-- PartitionManager from CampusPartitions' specs (or as plain DDL by PartitionLayout); secondary indexes come
-- after the bulk load (campus-indexes.sql).
-- Statements are separated by a line holding only ';'.

CREATE TABLE schools (
  id          integer PRIMARY KEY,
  name        text NOT NULL,
  city        text NOT NULL
)
;
CREATE TABLE terms (
  id            integer PRIMARY KEY,
  name          text NOT NULL,
  academic_year text NOT NULL,
  starts_on     date NOT NULL,
  ends_on       date NOT NULL,
  CHECK (ends_on > starts_on)
)
;
CREATE TABLE users (
  id           bigint PRIMARY KEY,
  school_id    integer NOT NULL REFERENCES schools (id),
  role         text NOT NULL CHECK (role IN ('student', 'teacher')),
  email        text NOT NULL UNIQUE,
  display_name text NOT NULL,
  created_at   timestamptz NOT NULL
)
;
CREATE TABLE teachers (
  user_id    bigint PRIMARY KEY REFERENCES users (id),
  school_id  integer NOT NULL REFERENCES schools (id),
  subject_id integer NOT NULL
)
;
CREATE TABLE classes (
  id          bigint PRIMARY KEY,
  school_id   integer NOT NULL REFERENCES schools (id),
  name        text NOT NULL,
  grade_level smallint NOT NULL,
  teacher_id  bigint NOT NULL REFERENCES teachers (user_id)
)
;
CREATE TABLE students (
  user_id     bigint PRIMARY KEY REFERENCES users (id),
  school_id   integer NOT NULL REFERENCES schools (id),
  class_id    bigint NOT NULL REFERENCES classes (id),
  enrolled_on date NOT NULL
)
;
CREATE TABLE subjects (
  id   integer PRIMARY KEY,
  name text NOT NULL
)
;
-- Seed 000: activities carry a large JSON content; content_ref is where an offloaded copy is referenced.
CREATE TABLE activities (
  id            bigint PRIMARY KEY,
  class_id      bigint NOT NULL REFERENCES classes (id),
  term_id       integer NOT NULL REFERENCES terms (id),
  subject_id    integer NOT NULL REFERENCES subjects (id),
  title         text NOT NULL,
  purpose       text NOT NULL CHECK (purpose IN ('LEARNING', 'ASSESSMENT')),
  status        text NOT NULL CHECK (status IN ('ACTIVE', 'ARCHIVED')),
  is_gradable   boolean NOT NULL,
  max_score     double precision,
  passing_score double precision,
  due_at        timestamptz NOT NULL,
  created_at    timestamptz NOT NULL,
  content       jsonb CHECK (content IS NOT NULL OR content_ref IS NOT NULL),
  content_ref   text
)
;
-- Seeds 000/001: grades by term, then by class. The seed's per-class tables and insert trigger become
-- declarative partitions: RANGE of created_at by academic term (the seed's "created_at BETWEEN" the term's
-- dates), then HASH of class_id; a grade book query (class, term's dates) prunes to one leaf. The key holds
-- the partition keys, as PostgreSQL requires; term_id stays for joins and checks.
CREATE TABLE activity_grades (
  term_id      integer NOT NULL,
  class_id     bigint NOT NULL,
  student_id   bigint NOT NULL,
  activity_id  bigint NOT NULL,
  score        double precision,
  points       integer,
  status       text NOT NULL CHECK (status IN ('SUBMITTED', 'GRADED')),
  feedback     text,
  submitted_at timestamptz NOT NULL,
  graded_at    timestamptz,
  graded_by_id bigint,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  PRIMARY KEY (class_id, student_id, activity_id, created_at)
) PARTITION BY RANGE (created_at)
;
-- Seed 002: the question bank, filtered by system, topic and difficulty.
CREATE TABLE systems (
  id   integer PRIMARY KEY,
  name text NOT NULL
)
;
CREATE TABLE topics (
  id        integer PRIMARY KEY,
  system_id integer NOT NULL REFERENCES systems (id),
  name      text NOT NULL
)
;
CREATE TABLE questions (
  id           bigint PRIMARY KEY,
  system_id    integer NOT NULL REFERENCES systems (id),
  topic_id     integer NOT NULL REFERENCES topics (id),
  difficulty   smallint NOT NULL CHECK (difficulty BETWEEN 1 AND 3),
  stem         text NOT NULL,
  explanation  text NOT NULL,
  success_rate real NOT NULL,
  created_at   timestamptz NOT NULL
)
;
CREATE TABLE question_options (
  question_id bigint NOT NULL REFERENCES questions (id),
  position    smallint NOT NULL,
  body        text NOT NULL,
  is_correct  boolean NOT NULL,
  PRIMARY KEY (question_id, position)
)
;
-- Seed 002: pre-shuffled pools instead of ORDER BY RANDOM(); a random set is a slice of the pool.
CREATE TABLE question_pools (
  system_id    integer NOT NULL,
  topic_id     integer NOT NULL,
  difficulty   smallint NOT NULL,
  question_ids bigint[] NOT NULL,
  refreshed_at timestamptz NOT NULL,
  PRIMARY KEY (system_id, topic_id, difficulty)
)
;
-- Seed 002: answers, partitioned by month. Generated history takes explicit ids; live answers the sequence.
CREATE SEQUENCE answers_id_seq
;
CREATE TABLE answers (
  id              bigint NOT NULL DEFAULT nextval('answers_id_seq'),
  student_id      bigint NOT NULL,
  question_id     bigint NOT NULL,
  selected_option smallint NOT NULL,
  is_correct      boolean NOT NULL,
  time_taken_ms   integer NOT NULL,
  answered_at     timestamptz NOT NULL,
  PRIMARY KEY (id, answered_at)
) PARTITION BY RANGE (answered_at)
;
-- Seeds 002/003: raw interactions, partitioned by month; retention drops whole months older than 90 days.
CREATE SEQUENCE user_interactions_id_seq
;
CREATE TABLE user_interactions (
  id               bigint NOT NULL DEFAULT nextval('user_interactions_id_seq'),
  user_id          bigint NOT NULL,
  interaction_type text NOT NULL,
  activity_id      bigint,
  question_id      bigint,
  created_at       timestamptz NOT NULL,
  metadata         jsonb,
  PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at)
;
-- Seed 004: audit logs, partitioned by year; retention detaches old years into an archive schema, never DELETE.
CREATE TABLE audit_logs (
  id          bigint NOT NULL,
  user_id     bigint NOT NULL,
  action      text NOT NULL,
  entity_type text NOT NULL,
  entity_id   bigint,
  logged_at   timestamptz NOT NULL,
  details     jsonb,
  PRIMARY KEY (id, logged_at)
) PARTITION BY RANGE (logged_at)
;
-- Seed 002: incrementally updated per answer, read by the leaderboard. Keyed by (student, school) so that
-- core's CounterTable can add a batch's increments in one INSERT ... ON CONFLICT (student_id, school_id):
-- the inserted row must be complete, so updated_at has a default. The counter path moves the counters only;
-- last_answered_at and updated_at are kept by the per-answer SQL of the plain-JDBC backend.
CREATE TABLE performance_summaries (
  student_id       bigint NOT NULL,
  school_id        integer NOT NULL,
  total_answered   integer NOT NULL,
  total_correct    integer NOT NULL,
  points           integer NOT NULL,
  last_answered_at timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (student_id, school_id),
  CHECK (total_correct <= total_answered)
)
;
