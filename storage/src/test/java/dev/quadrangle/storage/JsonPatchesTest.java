package dev.quadrangle.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quadrangle.storage.internal.JsonPatches;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonPatchesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void diffThenApplyRebuildsTheTargetForRandomDocuments() {
        Random random = new Random(6902);
        for (int i = 0; i < 500; i++) {
            JsonNode source = randomNode(random, 4);
            JsonNode target = random.nextInt(4) == 0 ? randomNode(random, 4) : mutate(source.deepCopy(), random);
            ArrayNode patch = JsonPatches.diff(source, target);
            assertThat(JsonPatches.apply(source, patch)).as("case %d: %s -> %s via %s", i, source, target, patch).isEqualTo(target);
        }
    }

    @Test
    void diffProducesSmallPatchesAndEscapesPointers() throws Exception {
        assertThat(JsonPatches.diff(json("{'a':1,'b':[1,2,3]}"), json("{'a':1,'b':[1,2,3]}"))).isEmpty();
        assertThat(JsonPatches.diff(json("{'a/b':1,'m~n':2}"), json("{'a/b':3}")).toString())
                .isEqualTo(json("[{'op':'remove','path':'/m~0n'},{'op':'replace','path':'/a~1b','value':3}]").toString());
        assertThat(JsonPatches.diff(json("[1,2,3,4]"), json("[1,9,2,3,4]")).toString())
                .isEqualTo(json("[{'op':'add','path':'/1','value':9}]").toString());
        assertThat(JsonPatches.diff(json("[1,2,3,4]"), json("[1,4]")).toString())
                .isEqualTo(json("[{'op':'remove','path':'/2'},{'op':'remove','path':'/1'}]").toString());
    }

    @Test
    void applyUnderstandsEveryRfc6902Operation() throws Exception {
        JsonNode doc = json("{'foo':{'bar':'baz','waldo':'fred'},'qux':{'corge':'grault'},'list':[1,2]}");
        JsonNode patch = json("[{'op':'test','path':'/foo/bar','value':'baz'},"
                + "{'op':'move','from':'/foo/waldo','path':'/qux/thud'},"
                + "{'op':'copy','from':'/list','path':'/copy'},"
                + "{'op':'add','path':'/list/-','value':3},"
                + "{'op':'replace','path':'/list/0','value':0},"
                + "{'op':'remove','path':'/foo/bar'}]");
        assertThat(JsonPatches.apply(doc, patch)).isEqualTo(json(
                "{'foo':{},'qux':{'corge':'grault','thud':'fred'},'list':[0,2,3],'copy':[1,2]}"));
        assertThat(doc.get("foo").get("bar").asText()).as("the input is not changed").isEqualTo("baz");
        assertThat(JsonPatches.apply(doc, json("[{'op':'replace','path':'','value':[1]}]"))).isEqualTo(json("[1]"));
    }

    @Test
    void failingOperationsNameTheirIndexOpAndPath() throws Exception {
        JsonNode doc = json("{'a':[1]}");
        assertThatThrownBy(() -> JsonPatches.apply(doc, json("[{'op':'remove','path':'/b'}]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("JSON Patch operation 0 (remove /b) failed: no member 'b'");
        assertThatThrownBy(() -> JsonPatches.apply(doc, json("[{'op':'add','path':'/a/5','value':1}]")))
                .hasMessage("JSON Patch operation 0 (add /a/5) failed: index 5 is out of bounds");
        assertThatThrownBy(() -> JsonPatches.apply(doc, json("[{'op':'test','path':'/a/0','value':1},{'op':'test','path':'/a/0','value':2}]")))
                .hasMessage("JSON Patch operation 1 (test /a/0) failed: value differs");
        assertThatThrownBy(() -> JsonPatches.apply(doc, json("[{'op':'jump','path':'/a'}]")))
                .hasMessage("JSON Patch operation 0 (jump /a) failed: unknown op 'jump'");
        assertThatThrownBy(() -> JsonPatches.apply(doc, json("[{'op':'add','path':'/x/y','value':1}]")))
                .hasMessage("JSON Patch operation 0 (add /x/y) failed: path does not exist at 'x'");
    }

    private static JsonNode randomNode(Random random, int depth) {
        int kind = depth == 0 ? random.nextInt(3) : random.nextInt(5);
        switch (kind) {
            case 0:
                return JsonNodeFactory.instance.numberNode(random.nextInt(10));
            case 1:
                return JsonNodeFactory.instance.textNode("s" + random.nextInt(5));
            case 2:
                return random.nextBoolean() ? JsonNodeFactory.instance.nullNode() : JsonNodeFactory.instance.booleanNode(true);
            case 3: {
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                for (int i = random.nextInt(5); i > 0; i--) {
                    array.add(randomNode(random, depth - 1));
                }
                return array;
            }
            default: {
                ObjectNode object = JsonNodeFactory.instance.objectNode();
                for (int i = random.nextInt(5); i > 0; i--) {
                    object.set(new String[] {"a", "b", "c/d", "e~f", ""}[random.nextInt(5)], randomNode(random, depth - 1));
                }
                return object;
            }
        }
    }

    private static JsonNode mutate(JsonNode node, Random random) {
        if (node.isObject() && node.size() > 0 && random.nextBoolean()) {
            ObjectNode object = (ObjectNode) node;
            String name = object.fieldNames().next();
            object.set(name, mutate(object.get(name), random));
            if (random.nextBoolean()) {
                object.put("new" + random.nextInt(3), random.nextInt());
            }
            return object;
        }
        if (node.isArray() && random.nextBoolean()) {
            ArrayNode array = (ArrayNode) node;
            array.insert(random.nextInt(array.size() + 1), randomNode(random, 2));
            if (array.size() > 2) {
                array.remove(random.nextInt(array.size()));
            }
            return array;
        }
        return randomNode(random, 3);
    }
}
