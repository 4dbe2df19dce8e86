package dev.quadrangle.testkit.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Edits {@code postgresql.auto.conf} of a stopped server, the file {@code ALTER SYSTEM} writes: a
 * setting's old lines are removed and the new one is appended, in the same {@code name = 'value'} form.
 */
final class AutoConf {
    static final String FILE = "postgresql.auto.conf";

    private AutoConf() {
    }

    /** Sets a parameter, replacing every earlier line for it. */
    static void set(Path dataDirectory, String name, String value) throws IOException {
        List<String> lines = without(dataDirectory, name);
        lines.add(name + " = '" + value.replace("'", "''") + "'");
        Files.write(dataDirectory.resolve(FILE), lines);
    }

    /** Removes a parameter, so that the server falls back to its default. */
    static void remove(Path dataDirectory, String name) throws IOException {
        Files.write(dataDirectory.resolve(FILE), without(dataDirectory, name));
    }

    private static List<String> without(Path dataDirectory, String name) throws IOException {
        Path file = dataDirectory.resolve(FILE);
        Pattern setting = Pattern.compile("^\\s*" + Pattern.quote(name) + "\\s*=.*$");
        List<String> kept = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (!setting.matcher(line).matches()) {
                    kept.add(line);
                }
            }
        }
        return kept;
    }
}
