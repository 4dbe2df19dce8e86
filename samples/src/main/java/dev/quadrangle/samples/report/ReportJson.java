package dev.quadrangle.samples.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;

/** The report as JSON (pretty-printed, numbers as numbers), for tools and for comparing runs. */
public final class ReportJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {
    }

    /**
     * Serialises a report.
     *
     * @param report the report
     * @return its JSON text
     */
    public static String toJson(CampusReport report) {
        try {
            return MAPPER.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("could not write the report as JSON: " + e.getMessage(), e);
        }
    }
}
