package dev.quadrangle.spring.boot.autoconfigure.web;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.function.Consumer;

/**
 * A response that calls a hook once, just before it can be committed: before the first byte or character
 * of the body, a flush, an error or a redirect. Headers and cookies added by the hook therefore always
 * reach the client, whatever the size of the body. For one request's thread.
 */
final class TokenResponseWrapper extends HttpServletResponseWrapper {
    private final Consumer<HttpServletResponse> hook;
    private boolean done;
    private ServletOutputStream stream;
    private PrintWriter writer;

    TokenResponseWrapper(HttpServletResponse response, Consumer<HttpServletResponse> hook) {
        super(response);
        this.hook = hook;
    }

    /** Runs the hook unless it ran, or the response is already committed. */
    void beforeCommit() {
        if (done) {
            return;
        }
        done = true;
        HttpServletResponse response = (HttpServletResponse) getResponse();
        if (!response.isCommitted()) {
            hook.accept(response);
        }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            stream = new HookedStream(super.getOutputStream());
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            writer = new PrintWriter(new HookedWriter(super.getWriter()));
        }
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
        beforeCommit();
        super.flushBuffer();
    }

    @Override
    public void sendError(int sc) throws IOException {
        beforeCommit();
        super.sendError(sc);
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        beforeCommit();
        super.sendError(sc, msg);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        beforeCommit();
        super.sendRedirect(location);
    }

    @Override
    public void sendRedirect(String location, boolean clearBuffer) throws IOException {
        beforeCommit();
        super.sendRedirect(location, clearBuffer);
    }

    @Override
    public void sendRedirect(String location, int sc) throws IOException {
        beforeCommit();
        super.sendRedirect(location, sc);
    }

    @Override
    public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
        beforeCommit();
        super.sendRedirect(location, sc, clearBuffer);
    }

    /** The body as bytes, with the hook before the first write or flush. */
    private final class HookedStream extends ServletOutputStream {
        private final ServletOutputStream delegate;

        HookedStream(ServletOutputStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public void write(int b) throws IOException {
            beforeCommit();
            delegate.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            beforeCommit();
            delegate.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            beforeCommit();
            delegate.flush();
        }

        @Override
        public void close() throws IOException {
            beforeCommit();
            delegate.close();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            delegate.setWriteListener(listener);
        }
    }

    /** The body as characters, with the hook before the first write or flush. */
    private final class HookedWriter extends Writer {
        private final PrintWriter delegate;

        HookedWriter(PrintWriter delegate) {
            this.delegate = delegate;
        }

        @Override
        public void write(char[] cbuf, int off, int len) {
            beforeCommit();
            delegate.write(cbuf, off, len);
        }

        @Override
        public void write(String str, int off, int len) {
            beforeCommit();
            delegate.write(str, off, len);
        }

        @Override
        public void write(int c) {
            beforeCommit();
            delegate.write(c);
        }

        @Override
        public void flush() {
            beforeCommit();
            delegate.flush();
        }

        @Override
        public void close() {
            beforeCommit();
            delegate.close();
        }
    }
}
