package dev.quadrangle.storage.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON Patch (RFC 6902): a diff that produces {@code add}, {@code remove} and {@code replace}
 * operations, and an apply that understands all six operations. JSON Pointers follow RFC 6901
 * ({@code ~0} for {@code ~}, {@code ~1} for {@code /}). Stateless and thread-safe.
 */
public final class JsonPatches {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonPatches() {
    }

    /**
     * The operations that turn {@code source} into {@code target}.
     *
     * @param source the earlier document
     * @param target the later document
     * @return the patch, empty when they are equal
     */
    public static ArrayNode diff(JsonNode source, JsonNode target) {
        ArrayNode ops = NODES.arrayNode();
        diff("", source, target, ops);
        return ops;
    }

    private static void diff(String path, JsonNode source, JsonNode target, ArrayNode ops) {
        if (source.equals(target)) {
            return;
        }
        if (source.isObject() && target.isObject()) {
            diffObjects(path, source, target, ops);
        } else if (source.isArray() && target.isArray()) {
            diffArrays(path, source, target, ops);
        } else {
            ops.add(op("replace", path).set("value", target.deepCopy()));
        }
    }

    private static void diffObjects(String path, JsonNode source, JsonNode target, ArrayNode ops) {
        for (Iterator<String> names = source.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!target.has(name)) {
                ops.add(op("remove", path + "/" + escape(name)));
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = target.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String child = path + "/" + escape(field.getKey());
            JsonNode before = source.get(field.getKey());
            if (before == null) {
                ops.add(op("add", child).set("value", field.getValue().deepCopy()));
            } else {
                diff(child, before, field.getValue(), ops);
            }
        }
    }

    private static void diffArrays(String path, JsonNode source, JsonNode target, ArrayNode ops) {
        int prefix = 0;
        int min = Math.min(source.size(), target.size());
        while (prefix < min && source.get(prefix).equals(target.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < min - prefix
                && source.get(source.size() - 1 - suffix).equals(target.get(target.size() - 1 - suffix))) {
            suffix++;
        }
        int sourceMid = source.size() - prefix - suffix;
        int targetMid = target.size() - prefix - suffix;
        int common = Math.min(sourceMid, targetMid);
        for (int i = 0; i < common; i++) {
            diff(path + "/" + (prefix + i), source.get(prefix + i), target.get(prefix + i), ops);
        }
        for (int i = sourceMid - 1; i >= common; i--) {
            ops.add(op("remove", path + "/" + (prefix + i)));
        }
        for (int i = common; i < targetMid; i++) {
            ops.add(op("add", path + "/" + (prefix + i)).set("value", target.get(prefix + i).deepCopy()));
        }
    }

    private static ObjectNode op(String op, String path) {
        ObjectNode node = NODES.objectNode();
        node.put("op", op);
        node.put("path", path);
        return node;
    }

    /**
     * Applies a patch to a copy of a document.
     *
     * @param document the document (not changed)
     * @param patch the operations
     * @return the patched copy
     * @throws IllegalArgumentException naming the operation index, op and path when an operation cannot apply
     */
    public static JsonNode apply(JsonNode document, JsonNode patch) {
        if (!patch.isArray()) {
            throw new IllegalArgumentException("a JSON Patch must be an array of operations");
        }
        JsonNode result = document.deepCopy();
        for (int i = 0; i < patch.size(); i++) {
            JsonNode operation = patch.get(i);
            String op = operation.path("op").asText();
            String path = operation.path("path").asText(null);
            try {
                result = applyOne(result, operation, op, path);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("JSON Patch operation " + i + " (" + op + " " + path + ") failed: "
                        + e.getMessage(), e);
            }
        }
        return result;
    }

    private static JsonNode applyOne(JsonNode doc, JsonNode operation, String op, String path) {
        if (path == null) {
            throw new IllegalArgumentException("missing 'path'");
        }
        switch (op) {
            case "add":
                return add(doc, path, required(operation, "value").deepCopy());
            case "remove":
                return remove(doc, path);
            case "replace":
                return add(remove(doc, path), path, required(operation, "value").deepCopy());
            case "move": {
                String from = required(operation, "from").asText();
                if (path.startsWith(from + "/")) {
                    throw new IllegalArgumentException("cannot move a value into itself");
                }
                JsonNode value = get(doc, from);
                return add(remove(doc, from), path, value);
            }
            case "copy":
                return add(doc, path, get(doc, required(operation, "from").asText()).deepCopy());
            case "test":
                if (!get(doc, path).equals(required(operation, "value"))) {
                    throw new IllegalArgumentException("value differs");
                }
                return doc;
            default:
                throw new IllegalArgumentException("unknown op '" + op + "'");
        }
    }

    private static JsonNode required(JsonNode operation, String field) {
        JsonNode value = operation.get(field);
        if (value == null) {
            throw new IllegalArgumentException("missing '" + field + "'");
        }
        return value;
    }

    private static JsonNode get(JsonNode doc, String path) {
        JsonNode node = doc;
        for (String token : tokens(path)) {
            node = child(node, token);
        }
        return node;
    }

    private static JsonNode add(JsonNode doc, String path, JsonNode value) {
        List<String> tokens = tokens(path);
        if (tokens.isEmpty()) {
            return value;
        }
        JsonNode parent = get(doc, path.substring(0, path.lastIndexOf('/')));
        String last = tokens.get(tokens.size() - 1);
        if (parent.isObject()) {
            ((ObjectNode) parent).set(unescape(last), value);
        } else if (parent.isArray()) {
            ArrayNode array = (ArrayNode) parent;
            int index = last.equals("-") ? array.size() : index(last, array.size() + 1);
            array.insert(index, value);
        } else {
            throw new IllegalArgumentException("parent is not a container");
        }
        return doc;
    }

    private static JsonNode remove(JsonNode doc, String path) {
        List<String> tokens = tokens(path);
        if (tokens.isEmpty()) {
            return NODES.nullNode();
        }
        JsonNode parent = get(doc, path.substring(0, path.lastIndexOf('/')));
        String last = tokens.get(tokens.size() - 1);
        if (parent.isObject()) {
            if (((ObjectNode) parent).remove(unescape(last)) == null) {
                throw new IllegalArgumentException("no member '" + unescape(last) + "'");
            }
        } else if (parent.isArray()) {
            ((ArrayNode) parent).remove(index(last, parent.size()));
        } else {
            throw new IllegalArgumentException("parent is not a container");
        }
        return doc;
    }

    private static JsonNode child(JsonNode node, String token) {
        JsonNode child;
        if (node.isObject()) {
            child = node.get(unescape(token));
        } else if (node.isArray()) {
            child = node.get(index(token, node.size()));
        } else {
            child = null;
        }
        if (child == null) {
            throw new IllegalArgumentException("path does not exist at '" + token + "'");
        }
        return child;
    }

    private static int index(String token, int bound) {
        if (!token.matches("0|[1-9][0-9]{0,8}")) {
            throw new IllegalArgumentException("'" + token + "' is not an array index");
        }
        int index = Integer.parseInt(token);
        if (index >= bound) {
            throw new IllegalArgumentException("index " + index + " is out of bounds");
        }
        return index;
    }

    private static List<String> tokens(String path) {
        List<String> tokens = new ArrayList<>();
        if (path.isEmpty()) {
            return tokens;
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a JSON Pointer must start with '/'");
        }
        for (String token : path.substring(1).split("/", -1)) {
            tokens.add(token);
        }
        return tokens;
    }

    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }
}
