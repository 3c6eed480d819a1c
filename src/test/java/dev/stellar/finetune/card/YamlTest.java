package dev.stellar.finetune.card;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The hand-written YAML read back by SnakeYAML (YAML 1.1, the stricter reader for plain scalars). */
class YamlTest {

    @Test
    void stringsThatPlainYamlWouldReadAsSomethingElseComeBackAsTheSameStrings() {
        List<String> tricky = List.of(
                "0",
                "1",
                "1.5",
                "1e3",
                "0x1F",
                "yes",
                "No",
                "on",
                "OFF",
                "y",
                "true",
                "null",
                "~",
                "",
                " leading",
                "trailing ",
                "a: b",
                "a #b",
                "#comment",
                "- dash",
                "[list]",
                "{map}",
                "it's",
                "say \"hi\"",
                "back\\slash",
                "two\nlines",
                "tab\there",
                "café ünïcode",
                "emoji \uD83E\uDD9C",
                "*alias",
                "&anchor",
                "!tag",
                "%directive",
                "@at",
                "`tick`",
                "a,b",
                "?",
                "|",
                ">",
                "not_equivalent",
                "google-bert/bert-base-uncased",
                "text-classification",
                ".nan",
                "-.inf",
                "12:30",
                "2024-01-01");
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("labels", tricky);
        for (int i = 0; i < tricky.size(); i++) {
            document.put("key" + i, tricky.get(i));
        }
        assertEquals(document, parse(Yaml.render(document)));
    }

    @Test
    void numbersBooleansAndNestedListsOfMapsKeepTheirTypesAndShape() {
        Map<String, Object> metric = new LinkedHashMap<>();
        metric.put("type", "accuracy");
        metric.put("value", 0.8500000000000001);
        metric.put("args", Map.of("average", "binary"));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("task", Map.of("type", "text-classification"));
        result.put("metrics", List.of(metric, Map.of("type", "f1", "value", 1.0)));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("count", 42);
        document.put("verified", false);
        document.put("model-index", List.of(Map.of("name", "m", "results", List.of(result))));
        assertEquals(document, parse(Yaml.render(document)));
    }

    private static Object parse(String yaml) {
        return new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    }
}
