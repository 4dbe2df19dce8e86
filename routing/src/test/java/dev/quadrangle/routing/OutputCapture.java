package dev.quadrangle.routing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Everything the JVM logs or prints while it is open: {@code System.out} and {@code System.err} (teed,
 * so the build log still shows them; SLF4J's simple binding writes there) and every
 * {@code java.util.logging} record, with the PostgreSQL driver's loggers turned up to {@code FINEST}.
 */
final class OutputCapture implements AutoCloseable {
    private static final String DRIVER_LOGGER = "org.postgresql";

    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final List<String> records = new ArrayList<>();
    // strong references: java.util.logging holds its loggers weakly, and a collected logger loses its level
    private final Logger root = Logger.getLogger("");
    private final Logger driver = Logger.getLogger(DRIVER_LOGGER);
    private final Level driverLevel = driver.getLevel();
    private final Handler handler = new RecordingHandler();

    OutputCapture() {
        System.setOut(new PrintStream(new Tee(originalOut, printed), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(originalErr, printed), true, StandardCharsets.UTF_8));
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        driver.setLevel(Level.FINEST);
    }

    /** What was printed on {@code System.out} and {@code System.err} so far. */
    String printed() {
        System.out.flush();
        System.err.flush();
        synchronized (printed) {
            return printed.toString(StandardCharsets.UTF_8);
        }
    }

    /** The {@code java.util.logging} records so far, formatted with their parameters and exceptions. */
    String logRecords() {
        synchronized (records) {
            return String.join("\n", records);
        }
    }

    /** Everything captured so far. */
    String all() {
        return printed() + "\n" + logRecords();
    }

    /** A throwable as {@code printStackTrace} renders it: messages, causes and suppressed exceptions. */
    static String render(Throwable t) {
        if (t == null) {
            return "";
        }
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Override
    public void close() {
        System.out.flush();
        System.err.flush();
        System.setOut(originalOut);
        System.setErr(originalErr);
        root.removeHandler(handler);
        driver.setLevel(driverLevel);
    }

    private final class RecordingHandler extends Handler {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            String text = record.getLevel() + " " + record.getLoggerName() + ": " + formatter.formatMessage(record)
                    + (record.getThrown() != null ? "\n" + render(record.getThrown()) : "");
            synchronized (records) {
                records.add(text);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /** Writes to the original stream and to the capture buffer. */
    private static final class Tee extends OutputStream {
        private final OutputStream original;
        private final ByteArrayOutputStream copy;

        Tee(OutputStream original, ByteArrayOutputStream copy) {
            this.original = original;
            this.copy = copy;
        }

        @Override
        public void write(int b) throws IOException {
            synchronized (copy) {
                copy.write(b);
            }
            original.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            synchronized (copy) {
                copy.write(b, off, len);
            }
            original.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            original.flush();
        }
    }
}
