package dev.quadrangle.samples.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The named regions of a Java source file, marked as the JDK's {@code {@snippet}} tag marks them: a
 * comment line {@code // @start region="name"} opens one, {@code // @end} closes the innermost open one
 * ({@code // @end region="name"} closes that one). Marker lines belong to no region. Each region's text
 * comes back without its lines' common leading indentation and without trailing whitespace.
 */
final class JavaRegions {
    private static final Pattern START = Pattern.compile("^\\s*//\\s*@start\\s+region\\s*=\\s*\"?([A-Za-z0-9_.-]+)\"?\\s*$");
    private static final Pattern END = Pattern.compile("^\\s*//\\s*@end(?:\\s+region\\s*=\\s*\"?([A-Za-z0-9_.-]+)\"?)?\\s*$");

    private JavaRegions() {
    }

    /**
     * Reads the regions of a file.
     *
     * @param file a Java source file
     * @return each region's lines, by name, in the order they open
     * @throws IOException when the file cannot be read
     * @throws IllegalStateException when a region is opened twice, closed without being open, or never closed
     */
    static Map<String, List<String>> read(Path file) throws IOException {
        return parse(Files.readAllLines(file), file.toString());
    }

    /**
     * Finds the regions in source lines.
     *
     * @param lines the file's lines
     * @param source the file's name, for error messages
     * @return each region's lines, by name
     * @throws IllegalStateException when a region is opened twice, closed without being open, or never closed
     */
    static Map<String, List<String>> parse(List<String> lines, String source) {
        Map<String, List<String>> regions = new LinkedHashMap<>();
        Deque<String> open = new ArrayDeque<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher start = START.matcher(line);
            Matcher end = END.matcher(line);
            if (start.matches()) {
                if (regions.putIfAbsent(start.group(1), new ArrayList<>()) != null) {
                    throw new IllegalStateException(source + ":" + (i + 1) + ": region '" + start.group(1) + "' is opened twice");
                }
                open.push(start.group(1));
            } else if (end.matches()) {
                String name = end.group(1) != null ? end.group(1) : open.peek();
                if (name == null || !open.remove(name)) {
                    throw new IllegalStateException(source + ":" + (i + 1) + ": @end without an open region"
                            + (end.group(1) != null ? " '" + end.group(1) + "'" : ""));
                }
            } else {
                for (String name : open) {
                    regions.get(name).add(line);
                }
            }
        }
        if (!open.isEmpty()) {
            throw new IllegalStateException(source + ": region '" + open.peek() + "' is never closed with // @end");
        }
        regions.replaceAll((name, text) -> dedent(text));
        return regions;
    }

    /**
     * Removes the common leading indentation of the non-blank lines and every line's trailing whitespace.
     *
     * @param lines the lines
     * @return the lines as a reader sees them in the documentation
     */
    static List<String> dedent(List<String> lines) {
        int common = Integer.MAX_VALUE;
        for (String line : lines) {
            if (!line.isBlank()) {
                common = Math.min(common, line.length() - line.stripLeading().length());
            }
        }
        List<String> result = new ArrayList<>(lines.size());
        for (String line : lines) {
            result.add(line.isBlank() ? "" : line.substring(common).stripTrailing());
        }
        return result;
    }
}
