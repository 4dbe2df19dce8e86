-- Secondary indexes, built after the bulk load. Indexes on a partitioned table cascade to every partition.
CREATE INDEX students_class_idx ON students (class_id)
;
CREATE INDEX classes_teacher_idx ON classes (teacher_id)
;
-- seed 000 keeps (status, class_id); the pending list also orders by due date
CREATE INDEX activities_class_status_due_idx ON activities (class_id, status, due_at)
;
CREATE INDEX activities_subject_purpose_idx ON activities (subject_id, purpose)
;
CREATE INDEX activity_grades_student_idx ON activity_grades (student_id)
;
CREATE INDEX activity_grades_activity_idx ON activity_grades (activity_id)
;
CREATE INDEX questions_filter_idx ON questions (system_id, topic_id, difficulty)
;
CREATE INDEX answers_student_time_idx ON answers (student_id, answered_at DESC)
;
CREATE INDEX user_interactions_user_time_idx ON user_interactions (user_id, created_at DESC)
;
CREATE INDEX audit_logs_user_time_idx ON audit_logs (user_id, logged_at DESC)
;
CREATE INDEX performance_summaries_board_idx ON performance_summaries (school_id, points DESC, student_id)
;
