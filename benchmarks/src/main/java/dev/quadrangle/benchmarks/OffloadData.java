package dev.quadrangle.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Activity content like seed 000's: JSON documents of text blocks, about 200 KB on average. */
final class OffloadData {
    private static final String[] WORDS = {"photosynthesis", "equation", "student", "answer", "question", "chlorophyll",
        "triangle", "hypotenuse", "river", "delta", "ecosystem", "energy", "molecule", "fraction", "history", "empire",
        "verb", "noun", "adjective", "climate", "volcano", "algebra", "geometry", "poem", "chapter", "experiment"};

    private OffloadData() {
    }

    /** A document of about {@code size} bytes. */
    static String document(int size, long seed) {
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder(size + 512);
        out.append("{\"type\":\"quiz\",\"template\":").append(seed).append(",\"questions\":[");
        for (int q = 0; out.length() < size - 200; q++) {
            if (q > 0) {
                out.append(',');
            }
            out.append("{\"id\":").append(q).append(",\"prompt\":\"");
            for (int i = 5 + random.nextInt(40); i > 0; i--) {
                out.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            }
            out.append("\",\"choices\":[\"").append(random.nextInt(1000)).append("\",\"").append(random.nextInt(1000))
                    .append("\"],\"answer\":").append(random.nextInt(2)).append('}');
        }
        return out.append("]}").toString();
    }

    /** The same document with a distinguishing {@code activityId} member, as UTF-8 bytes. */
    static byte[] withActivityId(String document, long activityId, long revision) {
        return ("{\"activityId\":" + activityId + ",\"revision\":" + revision + "," + document.substring(1))
                .getBytes(StandardCharsets.UTF_8);
    }
}
