/**
 * The campus as a Spring Boot 4 web application on the Quadrangle starter: pending activities through
 * {@code @Cacheable}, grade book pages on a replica, answer submission returning the consistency token,
 * activity content offloaded to S3; started on the testkit's embedded services, with a bounded HTTP load.
 */
package dev.quadrangle.samples.spring;
