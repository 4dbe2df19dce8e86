package dev.quadrangle.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link QuadrangleConfigurationException} into Spring Boot's startup failure report: the
 * property, the value (masked for secrets) and what is allowed. Registered in
 * {@code META-INF/spring.factories}; thread-safe.
 */
public final class QuadrangleConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<QuadrangleConfigurationException> {

    /** Creates the analyzer; Spring Boot does this. */
    public QuadrangleConfigurationFailureAnalyzer() {
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, QuadrangleConfigurationException cause) {
        String description = "Quadrangle refused the value of a configuration property:\n\n"
                + "    Property: " + cause.property() + "\n"
                + "    Value: '" + cause.value() + "'\n"
                + "    Reason: " + cause.allowed() + "\n";
        String action = "Update your application's configuration: set '" + cause.property()
                + "' to an allowed value (see docs/spring-boot.md for every quadrangle.* property).";
        return new FailureAnalysis(description, action, cause);
    }
}
