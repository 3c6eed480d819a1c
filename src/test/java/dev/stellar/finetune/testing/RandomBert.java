package dev.stellar.finetune.testing;

import com.google.gson.JsonObject;
import dev.stellar.finetune.io.SafetensorsWriter;
import dev.stellar.finetune.io.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes a random BERT checkpoint of any depth in Hugging Face layout, with the tiny model's tokenizer,
 * for tests that need more layers than the tiny fixture has or a deliberately broken checkpoint.
 */
public final class RandomBert {

    private RandomBert() {}

    public static Path write(Path directory, int layers, int hidden, int intermediate, int vocab, boolean pooler)
            throws IOException {
        Files.createDirectories(directory);
        JsonObject config = new JsonObject();
        config.addProperty("model_type", "bert");
        config.addProperty("vocab_size", vocab);
        config.addProperty("hidden_size", hidden);
        config.addProperty("num_hidden_layers", layers);
        config.addProperty("num_attention_heads", 2);
        config.addProperty("intermediate_size", intermediate);
        config.addProperty("hidden_act", "gelu");
        config.addProperty("hidden_dropout_prob", 0.1);
        config.addProperty("attention_probs_dropout_prob", 0.1);
        config.addProperty("max_position_embeddings", 64);
        config.addProperty("type_vocab_size", 2);
        config.addProperty("layer_norm_eps", 1e-12);
        Files.writeString(directory.resolve("config.json"), config.toString());
        Random random = new Random(7);
        List<Tensor> tensors = new ArrayList<>();
        tensors.add(normal("embeddings.word_embeddings.weight", random, vocab, hidden));
        tensors.add(normal("embeddings.position_embeddings.weight", random, 64, hidden));
        tensors.add(normal("embeddings.token_type_embeddings.weight", random, 2, hidden));
        tensors.add(ones("embeddings.LayerNorm.weight", hidden));
        tensors.add(zeros("embeddings.LayerNorm.bias", hidden));
        for (int i = 0; i < layers; i++) {
            String p = "encoder.layer." + i + ".";
            for (String name : List.of(
                    "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense")) {
                tensors.add(normal(p + name + ".weight", random, hidden, hidden));
                tensors.add(zeros(p + name + ".bias", hidden));
            }
            tensors.add(ones(p + "attention.output.LayerNorm.weight", hidden));
            tensors.add(zeros(p + "attention.output.LayerNorm.bias", hidden));
            tensors.add(normal(p + "intermediate.dense.weight", random, intermediate, hidden));
            tensors.add(zeros(p + "intermediate.dense.bias", intermediate));
            tensors.add(normal(p + "output.dense.weight", random, hidden, intermediate));
            tensors.add(zeros(p + "output.dense.bias", hidden));
            tensors.add(ones(p + "output.LayerNorm.weight", hidden));
            tensors.add(zeros(p + "output.LayerNorm.bias", hidden));
        }
        if (pooler) {
            tensors.add(normal("pooler.dense.weight", random, hidden, hidden));
            tensors.add(zeros("pooler.dense.bias", hidden));
        }
        SafetensorsWriter.write(directory.resolve("model.safetensors"), Map.of("format", "pt"), tensors);
        for (String file : List.of("tokenizer.json", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json")) {
            Files.copy(TestModels.tinyBert().resolve(file), directory.resolve(file));
        }
        return directory;
    }

    private static Tensor normal(String name, Random random, int rows, int columns) {
        float[] values = new float[rows * columns];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * 0.02);
        }
        return Tensor.ofFloats(name, new long[] {rows, columns}, values);
    }

    private static Tensor ones(String name, int size) {
        float[] values = new float[size];
        java.util.Arrays.fill(values, 1f);
        return Tensor.ofFloats(name, new long[] {size}, values);
    }

    private static Tensor zeros(String name, int size) {
        return Tensor.ofFloats(name, new long[] {size}, new float[size]);
    }

    /** Sets every dropout rate in a model folder's config.json to 0, for tests that compare two runs exactly. */
    public static Path withoutDropout(Path directory) throws IOException {
        Path config = directory.resolve("config.json");
        JsonObject json =
                com.google.gson.JsonParser.parseString(Files.readString(config)).getAsJsonObject();
        // every family's rates: BERT's hidden_dropout_prob, DistilBERT's dropout and attention_dropout, ...
        for (String key : java.util.List.copyOf(json.keySet())) {
            if (key.contains("dropout") && json.get(key).isJsonPrimitive()) {
                json.addProperty(key, 0.0);
            }
        }
        Files.writeString(config, json.toString());
        return directory;
    }
}
