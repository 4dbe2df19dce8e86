package dev.quadrangle.storage;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Deterministic activity-like JSON payloads of a requested size, compressible like real text. */
final class TestPayloads {
    private static final String[] WORDS = {"photosynthesis", "equation", "student", "answer", "question", "chlorophyll",
        "triangle", "hypotenuse", "river", "delta", "ecosystem", "energy", "molecule", "fraction", "history", "empire",
        "verb", "noun", "adjective", "climate", "volcano", "algebra", "geometry", "poem", "chapter", "experiment"};

    private TestPayloads() {
    }

    /** A JSON object of exactly {@code size} bytes (at least 1024). */
    static byte[] exactJson(int size, long seed) {
        String base = new String(json(size - 600, seed), StandardCharsets.UTF_8);
        String open = base.substring(0, base.length() - 1) + ",\"pad\":\"";
        return (open + "x".repeat(size - open.length() - 2) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON object of about {@code size} bytes (never less), seeded for repeatability. */
    static byte[] json(int size, long seed) {
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder(size + 256);
        out.append("{\"type\":\"document\",\"seed\":").append(seed).append(",\"blocks\":[");
        int block = 0;
        while (out.length() < size - 40) {
            if (block > 0) {
                out.append(',');
            }
            out.append("{\"id\":").append(block++).append(",\"text\":\"");
            int words = 5 + random.nextInt(30);
            for (int i = 0; i < words; i++) {
                out.append(WORDS[random.nextInt(WORDS.length)]).append(i % 7 == 6 ? ". " : " ");
            }
            out.append(random.nextInt(100_000)).append("\"}");
        }
        out.append("]}");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
