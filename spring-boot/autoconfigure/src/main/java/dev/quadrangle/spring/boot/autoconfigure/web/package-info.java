/**
 * Read-your-writes across HTTP requests and application nodes: a servlet filter that runs each request
 * in a routing session started from the consistency token the client sent back (header or cookie), and
 * sends the request's newest token in the response.
 */
package dev.quadrangle.spring.boot.autoconfigure.web;
