/**
 * Spring Boot 4 auto-configuration of Quadrangle, and what it shares between the modules: the
 * configuration error that names a property, its value and what is allowed, and the failure analyzer
 * that prints it at startup.
 *
 * <p>Each Quadrangle module has a sub-package: {@code routing} (the application's {@code DataSource}),
 * {@code web} (the read-your-writes token filter), {@code cache} (a {@code CacheNode} and a Spring
 * {@code CacheManager}), {@code partition} (partition maintenance and repositories in Spring
 * transactions) and {@code storage} (content offload). Every auto-configuration is conditional and backs
 * off when the application defines the bean itself.
 */
package dev.quadrangle.spring.boot.autoconfigure;
