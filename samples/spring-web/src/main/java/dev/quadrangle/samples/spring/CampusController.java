package dev.quadrangle.samples.spring;

import dev.quadrangle.samples.schema.CampusCalendar;
import dev.quadrangle.samples.spring.CampusViews.AnswerReceipt;
import dev.quadrangle.samples.spring.CampusViews.AnswerSubmission;
import dev.quadrangle.samples.spring.CampusViews.GradeBookPage;
import dev.quadrangle.samples.spring.CampusViews.PendingActivity;
import dev.quadrangle.samples.spring.CampusViews.Summary;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The campus over HTTP. Every response of a request that wrote carries the consistency token in the
 * {@code Quadrangle-Consistency} header (and cookie); sending it back makes the next reads, on any node,
 * see the write.
 */
@RestController
public class CampusController {
    private final CampusService campus;

    CampusController(CampusService campus) {
        this.campus = campus;
    }

    /**
     * A student's pending activities (cached).
     *
     * @param studentId the student
     * @return the activities
     */
    @GetMapping("/students/{studentId}/pending-activities")
    public List<PendingActivity> pendingActivities(@PathVariable long studentId) {
        return campus.pendingActivities(studentId);
    }

    /**
     * A student's summary, read on a replica that has the client's last write.
     *
     * @param studentId the student
     * @return the summary, or 404
     */
    @GetMapping("/students/{studentId}/summary")
    public ResponseEntity<Summary> summary(@PathVariable long studentId) {
        return ResponseEntity.of(campus.summary(studentId));
    }

    /**
     * One grade book page; the response's {@code next} is the query string of the following page.
     *
     * @param classId the class
     * @param term the term, the current one by default
     * @param afterStudent the previous page's last student
     * @param afterActivity the previous page's last activity
     * @param size rows per page
     * @return the page
     */
    @GetMapping("/classes/{classId}/grade-book")
    public GradeBookPage gradeBook(@PathVariable long classId,
            @RequestParam(defaultValue = "" + CampusCalendar.CURRENT_TERM) int term,
            @RequestParam(defaultValue = "0") long afterStudent, @RequestParam(defaultValue = "0") long afterActivity,
            @RequestParam(defaultValue = "50") int size) {
        return campus.gradeBook(classId, term, afterStudent, afterActivity, size);
    }

    /**
     * Submits an answer.
     *
     * @param answer the answer
     * @return 201 with the receipt (and the token in the header), or 404 for an unknown question or option
     */
    @PostMapping("/answers")
    public ResponseEntity<AnswerReceipt> submitAnswer(@RequestBody AnswerSubmission answer) {
        return campus.submitAnswer(answer).map(r -> ResponseEntity.status(HttpStatus.CREATED).body(r))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    /**
     * An activity's content, inline or from S3.
     *
     * @param activityId the activity
     * @return the JSON content, or 404
     */
    @GetMapping(path = "/activities/{activityId}/content", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> activityContent(@PathVariable long activityId) {
        return ResponseEntity.of(campus.activityContent(activityId));
    }

    /**
     * A refused parameter is a 400 naming it.
     *
     * @param e the refusal
     * @return the message
     */
    @ExceptionHandler(IllegalArgumentException.class)
    public ResponseEntity<String> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(e.getMessage());
    }
}
