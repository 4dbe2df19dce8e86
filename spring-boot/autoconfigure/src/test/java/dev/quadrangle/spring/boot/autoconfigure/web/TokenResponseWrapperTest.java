package dev.quadrangle.spring.boot.autoconfigure.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

/** The hook runs once, before the first byte, character, flush or error, and not after a commit. */
class TokenResponseWrapperTest {

    @Test
    void theHookRunsOnceBeforeTheFirstByteOfALargeBody() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        response.setBufferSize(1024);
        AtomicInteger calls = new AtomicInteger();
        TokenResponseWrapper wrapped = new TokenResponseWrapper(response, r -> {
            calls.incrementAndGet();
            assertThat(r.isCommitted()).isFalse();
            r.setHeader("Quadrangle-Consistency", "q1.10");
        });
        byte[] chunk = new byte[4096];
        for (int i = 0; i < 10; i++) {
            wrapped.getOutputStream().write(chunk);
        }
        wrapped.beforeCommit();
        assertThat(calls).hasValue(1);
        assertThat(response.isCommitted()).isTrue();
        assertThat(response.getHeader("Quadrangle-Consistency")).isEqualTo("q1.10");
    }

    @Test
    void theWriterAndErrorsRunTheHookToo() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicInteger calls = new AtomicInteger();
        TokenResponseWrapper wrapped = new TokenResponseWrapper(response, r -> calls.incrementAndGet());
        wrapped.getWriter().write("hello");
        wrapped.sendError(500);
        assertThat(calls).hasValue(1);

        MockHttpServletResponse committed = new MockHttpServletResponse();
        committed.setCommitted(true);
        AtomicInteger none = new AtomicInteger();
        new TokenResponseWrapper(committed, r -> none.incrementAndGet()).beforeCommit();
        assertThat(none).hasValue(0);
    }
}
