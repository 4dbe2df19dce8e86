package dev.quadrangle.samples.data;

import java.util.SplittableRandom;

/**
 * Deterministic filler text and names for generated rows, and the large JSON content of activities
 * (seed 000: "all activity content is stored in a single JSON field, which can grow very large").
 */
final class TextFactory {
    static final String[] SUBJECTS = {"Mathematics", "Biology", "Chemistry", "Physics", "History", "Geography",
        "Literature", "Computer Science"};
    static final String[] SYSTEMS = {"Cardiovascular", "Respiratory", "Nervous", "Digestive", "Musculoskeletal",
        "Endocrine"};
    private static final String[] FIRST = {"Ada", "Ben", "Chloe", "Dmitri", "Elena", "Farid", "Grace", "Hiro",
        "Ines", "Jonas", "Kemi", "Liam", "Maya", "Noor", "Omar", "Priya", "Quinn", "Rosa", "Sami", "Tara"};
    private static final String[] LAST = {"Adeyemi", "Berg", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia",
        "Hansen", "Ito", "Jensen", "Kowalski", "Lopez", "Moreau", "Nakamura", "Okafor", "Petrov", "Rossi",
        "Silva", "Tanaka", "Weber"};
    private static final String[] CITIES = {"Lisbon", "Nairobi", "Osaka", "Toronto", "Lyon", "Pune", "Bergen",
        "Cordoba", "Leeds", "Perth"};
    private static final String[] WORDS = ("learning assessment student teacher module lesson practice concept "
            + "example evidence reasoning model energy cell structure function system process pattern data "
            + "measure compare explain describe analyse evaluate predict observe record result method source "
            + "history culture region climate population equation variable graph ratio proof theorem").split(" ");

    private TextFactory() {
    }

    static String personName(SplittableRandom rnd) {
        return FIRST[rnd.nextInt(FIRST.length)] + " " + LAST[rnd.nextInt(LAST.length)];
    }

    static String city(SplittableRandom rnd) {
        return CITIES[rnd.nextInt(CITIES.length)];
    }

    static String sentence(SplittableRandom rnd, int words) {
        StringBuilder s = new StringBuilder(words * 8);
        for (int i = 0; i < words; i++) {
            String w = WORDS[rnd.nextInt(WORDS.length)];
            s.append(i == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
            s.append(i == words - 1 ? "." : " ");
        }
        return s.toString();
    }

    /**
     * An activity's JSON content of roughly {@code targetChars} characters: sections of text with a few
     * embedded questions, as a content editor would save it.
     */
    static String activityContent(SplittableRandom rnd, long activityId, String title, int targetChars) {
        StringBuilder json = new StringBuilder(targetChars + 512);
        json.append("{\"type\":\"document\",\"version\":3,\"activityId\":").append(activityId)
                .append(",\"title\":\"").append(title).append("\",\"metadata\":{\"estimatedMinutes\":")
                .append(5 + rnd.nextInt(55)).append(",\"language\":\"en\"},\"sections\":[");
        int section = 0;
        while (json.length() < targetChars) {
            if (section > 0) {
                json.append(',');
            }
            json.append("{\"heading\":\"").append(sentence(rnd, 4)).append("\",\"body\":\"")
                    .append(sentence(rnd, 60 + rnd.nextInt(60))).append("\",\"questions\":[");
            for (int q = 0; q < 2; q++) {
                json.append(q == 0 ? "" : ",").append("{\"prompt\":\"").append(sentence(rnd, 12))
                        .append("\",\"options\":[\"").append(sentence(rnd, 3)).append("\",\"")
                        .append(sentence(rnd, 3)).append("\",\"").append(sentence(rnd, 3))
                        .append("\"],\"answer\":").append(rnd.nextInt(3)).append('}');
            }
            json.append("]}");
            section++;
        }
        return json.append("]}").toString();
    }
}
