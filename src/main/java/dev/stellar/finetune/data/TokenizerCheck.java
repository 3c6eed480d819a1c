package dev.stellar.finetune.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.io.JsonFields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Checks a tokenizer.json against the model it feeds, before the first encode and on every encoded row.
 * The native tokenizer trusts its file: a WordPiece (or WordLevel, BPE, Unigram) model whose unknown token
 * is missing from its vocabulary panics on the first character it does not know, which aborts the JVM
 * (Maven's own with {@code fork=false}); an id past the model's embeddings fails later in the engine with no
 * word about the tokenizer. So the file must be a JSON object with a known model type whose unknown token is
 * in its vocabulary, every id it can produce (vocabulary, added tokens, post-processor) must lie below
 * config.json's {@code vocab_size}, and every type id of the post-processor's templates below
 * {@code type_vocab_size} (where the model has token types at all: DistilBERT, DeBERTa-v3 and ModernBERT
 * ignore them).
 *
 * @param file the tokenizer.json to check
 * @param source the file messages name: {@code file}, or the model's own file it was copied or built from
 * @param parameter the parameter that named the model, with its value {@code location}, for messages
 */
record TokenizerCheck(Path file, Path source, int vocabSize, int typeVocabSize, String parameter, String location) {

    private static final String ORIGINAL = "use the tokenizer.json that was saved with this model";

    /** Reads and checks the whole file. */
    void checkFile() {
        JsonElement root;
        try {
            root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw refused("it is not valid JSON (" + e.getMessage() + ")", ORIGINAL);
        }
        Function<String, ConfigurationException> failure = problem -> refused(problem, ORIGINAL);
        JsonFields tokenizer = JsonFields.of(root, failure);
        JsonFields model = tokenizer.object("model");
        if (model == null) {
            throw refused("it has no \"model\" section", ORIGINAL);
        }
        int largest = checkModel(model);
        JsonArray addedTokens = tokenizer.array("added_tokens");
        if (addedTokens != null) {
            for (int i = 0; i < addedTokens.size(); i++) {
                int at = i;
                JsonFields token = JsonFields.of(
                        addedTokens.get(i), problem -> refused("added_tokens[" + at + "]: " + problem, ORIGINAL));
                largest = Math.max(largest, id(token, "id"));
            }
        }
        if (largest >= vocabSize) {
            throw refused(
                    "it has token id " + largest + ", but the model's config.json declares vocab_size " + vocabSize
                            + " (ids 0 to " + (vocabSize - 1) + ")",
                    ORIGINAL + ", or a model whose vocab_size" + " covers every id of this tokenizer");
        }
        JsonFields post = tokenizer.object("post_processor");
        if (post != null) {
            checkPostProcessor(post);
        }
    }

    /**
     * Checks the model section: its type, that its unknown token is in its vocabulary, and its ids.
     *
     * @return the largest id in the vocabulary
     */
    private int checkModel(JsonFields model) {
        String type = model.string("type", inferredType(model));
        if (type.equals("Unigram")) {
            JsonArray pieces = model.array("vocab");
            int size = pieces == null ? 0 : pieces.size();
            if (model.has("unk_id")) {
                long unk = model.integer("unk_id", 0, Integer.MAX_VALUE);
                if (unk >= size) {
                    throw refused(
                            "its Unigram model's unk_id " + unk + " is not among its " + size + " vocabulary entries",
                            ORIGINAL);
                }
            } else if (!model.bool("byte_fallback", false)) {
                throw unknownMissing("its Unigram model has no unk_id");
            }
            return size - 1;
        }
        if (!type.equals("WordPiece") && !type.equals("WordLevel") && !type.equals("BPE")) {
            throw refused(
                    "its model type \"" + type + "\" is not one of WordPiece, WordLevel, BPE and Unigram", ORIGINAL);
        }
        JsonFields vocab = model.object("vocab");
        if (vocab == null) {
            throw refused("its " + type + " model has no vocabulary (\"model.vocab\")", ORIGINAL);
        }
        int largest = -1;
        for (Map.Entry<String, JsonElement> entry : vocab.json().entrySet()) {
            largest = Math.max(largest, (int) JsonFields.integer(
                    "model.vocab[\"" + entry.getKey() + "\"]",
                    entry.getValue(),
                    0,
                    Integer.MAX_VALUE,
                    problem -> refused(problem, ORIGINAL)));
        }
        // tokenizers' defaults: WordPiece "[UNK]", WordLevel "<unk>", BPE none (unknown pieces are dropped)
        String unk = model.string(
                "unk_token",
                switch (type) {
                    case "WordPiece" -> "[UNK]";
                    case "WordLevel" -> "<unk>";
                    default -> null;
                });
        if (unk != null && !vocab.json().has(unk)) {
            throw unknownMissing("its " + type + " model's unk_token \"" + unk + "\" is not in its vocabulary"
                    + " (\"model.vocab\"), so the first character it does not know would abort the tokenizer");
        }
        return largest;
    }

    /** Files written before tokenizers tagged the model carry no "type"; its deserializer tells them apart so. */
    private static String inferredType(JsonFields model) {
        if (model.json().has("vocab") && model.json().get("vocab").isJsonArray()) {
            return "Unigram";
        }
        if (model.json().has("merges")) {
            return "BPE";
        }
        return model.json().has("continuing_subword_prefix") ? "WordPiece" : "WordLevel";
    }

    /** The ids the post-processor inserts, and the type ids of its templates. */
    private void checkPostProcessor(JsonFields post) {
        String type = post.string("type", "");
        switch (type) {
            case "Sequence" -> {
                JsonArray processors = post.array("processors");
                if (processors != null) {
                    for (int i = 0; i < processors.size(); i++) {
                        int at = i;
                        checkPostProcessor(JsonFields.of(
                                processors.get(i),
                                problem -> refused("post_processor.processors[" + at + "]: " + problem, ORIGINAL)));
                    }
                }
            }
            case "BertProcessing", "RobertaProcessing" -> {
                for (String key : new String[] {"cls", "sep"}) {
                    JsonArray pair = post.array(key);
                    if (pair == null || pair.size() != 2) {
                        throw refused(
                                "its post_processor's \"" + key + "\" is "
                                        + JsonFields.describe(post.json().get(key)) + " where [token, id] was expected",
                                ORIGINAL);
                    }
                    checkId("the post_processor's " + key + " token", pair.get(1));
                }
            }
            case "TemplateProcessing" -> checkTemplates(post);
            default -> {
                // ByteLevel and the like insert no ids
            }
        }
    }

    private void checkTemplates(JsonFields post) {
        JsonFields specials = post.object("special_tokens");
        if (specials != null) {
            for (Map.Entry<String, JsonElement> entry : specials.json().entrySet()) {
                String what = "the post_processor's special token \"" + entry.getKey() + "\"";
                JsonFields special =
                        JsonFields.of(entry.getValue(), problem -> refused(what + ": " + problem, ORIGINAL));
                JsonArray ids = special.array("ids");
                if (ids != null) {
                    for (JsonElement id : ids) {
                        checkId(what, id);
                    }
                }
            }
        }
        for (String template : new String[] {"single", "pair"}) {
            JsonArray pieces = post.array(template);
            if (pieces == null) {
                continue;
            }
            for (JsonElement element : pieces) {
                JsonFields piece = JsonFields.of(
                        element, problem -> refused("post_processor." + template + ": " + problem, ORIGINAL));
                JsonFields inner = piece.has("SpecialToken") ? piece.object("SpecialToken") : piece.object("Sequence");
                if (inner == null) {
                    continue;
                }
                if (piece.has("SpecialToken")
                        && specials != null
                        && !specials.json().has(inner.string("id", ""))) {
                    throw refused(
                            "its post_processor's " + template + " template uses the special token \""
                                    + inner.string("id", "") + "\", which its special_tokens do not define",
                            ORIGINAL);
                }
                long typeId = inner.integer("type_id", 0, Integer.MAX_VALUE, 0);
                if (typeVocabSize > 0 && typeId >= typeVocabSize) {
                    throw refused(
                            "its post_processor's " + template + " template gives type id " + typeId
                                    + ", but the model's config.json declares type_vocab_size " + typeVocabSize,
                            ORIGINAL + ", or a model with type_vocab_size above " + typeId);
                }
            }
        }
    }

    private void checkId(String what, JsonElement value) {
        long id =
                JsonFields.integer(what + "'s id", value, 0, Integer.MAX_VALUE, problem -> refused(problem, ORIGINAL));
        if (id >= vocabSize) {
            throw refused(
                    what + " has id " + id + ", but the model's config.json declares vocab_size " + vocabSize,
                    ORIGINAL);
        }
    }

    private static int id(JsonFields token, String key) {
        return (int) token.integer(key, 0, Integer.MAX_VALUE);
    }

    /**
     * Checks one encoded row before its ids reach the engine: a cheap pass that catches what the file check
     * cannot see (a tokenizer that computes ids, such as a byte fallback).
     *
     * @param row the row's index in its split, for the message
     */
    void checkIds(long[] ids, long[] typeIds, int row) {
        for (long id : ids) {
            if (id < 0 || id >= vocabSize) {
                throw refused(
                        "it encoded row " + (row + 1) + " to token id " + id + ", outside the model's"
                                + " vocabulary (config.json vocab_size " + vocabSize + ")",
                        ORIGINAL);
            }
        }
        for (long type : typeIds) {
            if (typeVocabSize > 0 && (type < 0 || type >= typeVocabSize)) {
                throw refused(
                        "it encoded row " + (row + 1) + " with token type id " + type + ", outside the"
                                + " model's type_vocab_size " + typeVocabSize,
                        ORIGINAL);
            }
        }
    }

    private ConfigurationException unknownMissing(String problem) {
        return refused(
                problem,
                "add the unknown token to the vocabulary in tokenizer.json (or set model.unk_token"
                        + " to a token that is in it), or " + ORIGINAL);
    }

    private ConfigurationException refused(String problem, String fix) {
        return new ConfigurationException(
                parameter, location, "its tokenizer " + source + " does not fit the model: " + problem, fix);
    }
}
