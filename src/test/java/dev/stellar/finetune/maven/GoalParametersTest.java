package dev.stellar.finetune.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The plugin descriptor Maven builds (what {@code help:describe} shows): goals that do not train list no training
 * parameters, and a parameter that several goals share has the same property and default in each.
 */
class GoalParametersTest {

    /** A goal's parameter as the descriptor declares it: {@code -Dproperty} and default. */
    private record Declared(String property, String defaultValue) {}

    private static Map<String, Map<String, Declared>> goals;

    @BeforeAll
    static void readDescriptor() throws Exception {
        Path descriptor = Path.of("target/classes/META-INF/maven/plugin.xml");
        Document document =
                DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(descriptor.toFile());
        goals = new LinkedHashMap<>();
        NodeList mojos = document.getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            Map<String, Declared> parameters = new LinkedHashMap<>();
            NodeList declared = mojo.getElementsByTagName("parameter");
            for (int j = 0; j < declared.getLength(); j++) {
                Element parameter = (Element) declared.item(j);
                // Read-only ones (project, session) are Maven's, not the user's.
                if (!text(parameter, "editable").equals("false")) {
                    parameters.put(text(parameter, "name"), null);
                }
            }
            Element configuration =
                    (Element) mojo.getElementsByTagName("configuration").item(0);
            parameters.replaceAll((name, unread) -> {
                NodeList value = configuration.getElementsByTagName(name);
                Element e = value.getLength() == 0 ? null : (Element) value.item(0);
                return e == null
                        ? new Declared(null, null)
                        : new Declared(
                                e.getTextContent(),
                                e.hasAttribute("default-value") ? e.getAttribute("default-value") : null);
            });
            goals.put(mojo.getElementsByTagName("goal").item(0).getTextContent(), parameters);
        }
    }

    private static String text(Element element, String child) {
        NodeList nodes = element.getElementsByTagName(child);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent();
    }

    @Test
    void goalsThatDoNotTrainListNoTrainingParameters() {
        for (String goal : List.of("predict", "datasets", "models", "benchmark")) {
            for (String training : List.of(
                    "epochs",
                    "learningRate",
                    "batchSize",
                    "minAccuracy",
                    "gateSplit",
                    "trainSplit",
                    "cacheDirectory",
                    "force",
                    "earlyStoppingPatience")) {
                assertFalse(goals.get(goal).containsKey(training), goal + " lists " + training);
            }
        }
        assertEquals(
                List.of(
                        "device",
                        "engineDownload",
                        "escapeFormulas",
                        "fork",
                        "hubServerId",
                        "input",
                        "jvmArgs",
                        "libtorch",
                        "maxLength",
                        "modelDir",
                        "outputDirectory",
                        "overwrite",
                        "predictionsFile",
                        "skip",
                        "text",
                        "textColumns",
                        "textPair",
                        "threads"),
                goals.get("predict").keySet().stream().sorted().toList());
        assertEquals(
                List.of("fork", "hubServerId", "jvmArgs", "outputDirectory", "search", "skip", "threads"),
                goals.get("models").keySet().stream().sorted().toList());
        assertTrue(goals.get("train").containsKey("epochs"));
    }

    @Test
    void aSharedParameterHasOnePropertyAndDefault() {
        Map<String, Declared> train = goals.get("train");
        for (var goal : goals.entrySet()) {
            for (var parameter : goal.getValue().entrySet()) {
                if (train.containsKey(parameter.getKey())) {
                    assertEquals(
                            train.get(parameter.getKey()),
                            parameter.getValue(),
                            goal.getKey() + " " + parameter.getKey());
                }
            }
        }
        for (String goal : List.of("prepare-data", "freeze-and-train", "evaluate")) {
            assertEquals(train.keySet(), goals.get(goal).keySet(), goal);
        }
    }
}
