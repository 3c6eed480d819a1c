package dev.stellar.finetune.pipeline;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.DataSettings;
import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.testing.RandomBert;
import dev.stellar.finetune.testing.TestModels;
import dev.stellar.finetune.testing.TestSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad data file and model the issue lists, through the pipeline as a build meets them: each fails
 * with a message that names the parameter, the value and the fix (printed, one per line, for review).
 */
class BadInputCatalogueTest {

    private static final String GOOD = "text,label\nthe film was great,1\nthe film was awful,0\n"
            + "a lovely story,1\na boring plot,0\nsuperb acting,1\npoor sound,0\n";

    @TempDir
    Path temp;

    private void expect(String parameter, String what, Path project, String model, String dataset) {
        FinetuneSettings base = TestSettings.tinySentiment(project, TestSettings.quickTraining(1, 1e-3), null);
        DataSettings data = new DataSettings(
                dataset, Map.of(), List.of("text"), "label", List.of(), "train", null, null, 0.34, 0, 32);
        FinetuneSettings settings = base.withModel(model).withData(data);
        var e = assertThrows(
                ConfigurationException.class,
                () -> JobRunner.run(
                        new Job(List.of(Step.PREPARE_DATA, Step.FREEZE_AND_TRAIN), settings),
                        new RecordingLog(),
                        Map.of()));
        String message = e.getMessage();
        System.out.println(what + " -> " + message.lines().findFirst().orElse(""));
        assertTrue(message.startsWith("Invalid " + parameter + " = "), message);
        assertTrue(message.contains(". Fix: "), message);
    }

    private Path data(String name, String content) throws IOException {
        Path directory = Files.createDirectories(temp.resolve(name));
        Files.writeString(directory.resolve("train.csv"), content);
        return directory;
    }

    private String tiny() {
        return TestModels.tinyBert().toString();
    }

    @Test
    void badDataFiles() throws Exception {
        expect(
                "dataset",
                "missing data file",
                temp,
                tiny(),
                temp.resolve("nowhere").toString());
        expect("dataset", "empty data file", temp, tiny(), data("empty", "").toString());
        Path latin = Files.createDirectories(temp.resolve("latin"));
        Files.write(
                latin.resolve("train.csv"),
                "text,label\ncaf\u00e9 ok,1\nbad,0\n".getBytes(StandardCharsets.ISO_8859_1));
        expect("dataset", "not UTF-8", temp, tiny(), latin.toString());
        expect(
                "dataset",
                "ragged rows",
                temp,
                tiny(),
                data("ragged", GOOD + "one,two,1\n").toString());
        expect(
                "dataset",
                "header but no rows",
                temp,
                tiny(),
                data("header", "text,label\n").toString());
        expect(
                "dataset",
                "empty text cell",
                temp,
                tiny(),
                data("notext", GOOD + ",1\n").toString());
        expect(
                "dataset",
                "label missing in a row",
                temp,
                tiny(),
                data("nolabel", GOOD + "fine,\n").toString());
        expect(
                "labelColumn",
                "a single class only",
                temp,
                tiny(),
                data("oneclass", "text,label\na,1\nb,1\nc,1\nd,1\n").toString());
        expect(
                "textColumns",
                "a column that does not exist",
                temp,
                tiny(),
                data("column", GOOD.replace("text,label", "review,label")).toString());
    }

    @Test
    void badModels() throws Exception {
        Path dataset = data("good", GOOD.repeat(4));
        Path mismatched = RandomBert.write(temp.resolve("mismatched"), 1, 8, 16, 30522, true);
        JsonObject config = JsonParser.parseString(Files.readString(mismatched.resolve("config.json")))
                .getAsJsonObject();
        config.addProperty("intermediate_size", 32);
        Files.writeString(mismatched.resolve("config.json"), config.toString());
        expect("model", "config.json that does not match the weights", temp, mismatched.toString(), dataset.toString());

        Path noTokenizer = RandomBert.write(temp.resolve("notokenizer"), 1, 8, 16, 30522, true);
        Files.delete(noTokenizer.resolve("tokenizer.json"));
        Files.delete(noTokenizer.resolve("vocab.txt"));
        expect("model", "missing tokenizer files", temp, noTokenizer.toString(), dataset.toString());

        Path bigHeader = RandomBert.write(temp.resolve("bigheader"), 1, 8, 16, 30522, true);
        Files.write(
                bigHeader.resolve("model.safetensors"),
                ByteBuffer.allocate(16)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(1_000_000)
                        .putLong(0)
                        .array());
        expect("model", "safetensors header larger than the file", temp, bigHeader.toString(), dataset.toString());

        Path overlapping = RandomBert.write(temp.resolve("overlapping"), 1, 8, 16, 30522, true);
        byte[] json =
                ("{\"embeddings.word_embeddings.weight\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                                + "\"embeddings.LayerNorm.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}")
                        .getBytes(StandardCharsets.UTF_8);
        ByteBuffer file = ByteBuffer.allocate(8 + json.length + 12).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(json.length).put(json);
        Files.write(overlapping.resolve("model.safetensors"), file.array());
        expect("model", "safetensors with overlapping offsets", temp, overlapping.toString(), dataset.toString());

        Path zip = temp.resolve("escape.zip");
        try (OutputStream out = Files.newOutputStream(zip);
                ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("config.json"));
            z.write(Files.readAllBytes(TestModels.tinyBert().resolve("config.json")));
            z.putNextEntry(new ZipEntry("../../outside.txt"));
            z.write("x".getBytes(StandardCharsets.UTF_8));
        }
        expect("model", "zip entry escaping the folder", temp, zip.toString(), dataset.toString());
    }
}
