package dev.stellar.finetune.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.data.spm.SentencePieceModelProto.ModelProto;
import dev.stellar.finetune.data.spm.SentencePieceModelProto.ModelProto.SentencePiece;
import dev.stellar.finetune.data.spm.SentencePieceModelProto.NormalizerSpec;
import dev.stellar.finetune.data.spm.SentencePieceModelProto.TrainerSpec;
import dev.stellar.finetune.model.ModelDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tokenizer.json that transformers' DebertaV2Converter builds from a SentencePiece Unigram model
 * (spm.model, which microsoft/deberta-v3-* ship instead of a tokenizer.json): the pieces and their scores as
 * a Unigram model; sentencepiece's normalizer as Strip, its precompiled character map (NFKC for nmt_nfkc) and
 * runs of spaces collapsed; Metaspace "▁" with the dummy prefix; {@code [CLS] A [SEP] B [SEP]}. Control and
 * user-defined pieces become added tokens, and a special token the pieces lack ([MASK] in DeBERTa-v3) is
 * added after them, as DebertaV2Tokenizer does. tokenizer_config.json's do_lower_case and split_by_punct
 * (DeBERTa's own options, both false in v3) add a Lowercase normalizer and a Punctuation pre-tokenizer.
 */
final class SentencePieceConversion {

    /** DebertaV2Tokenizer's roles and defaults, in the order transformers adds the missing ones. */
    private static final Map<String, String> ROLES = rolesInOrder();

    private static final String SPACE = "\u2581";

    private SentencePieceConversion() {}

    static JsonObject fromSpm(ModelDirectory model, Path spmFile, JsonObject config, JsonObject special)
            throws IOException {
        ModelProto proto = read(model, spmFile);
        TrainerSpec trainer = proto.getTrainerSpec();
        if (trainer.getModelType() != TrainerSpec.ModelType.UNIGRAM || trainer.getTreatWhitespaceAsSuffix()) {
            throw refused(
                    model,
                    "its " + ModelDirectory.SPM + " is a SentencePiece " + trainer.getModelType()
                            + (trainer.getTreatWhitespaceAsSuffix() ? " model with whitespace as suffix" : " model")
                            + "; only Unigram models with the whitespace as prefix (as DeBERTa-v3's) are converted");
        }
        List<SentencePiece> pieces = proto.getPiecesList();
        if (trainer.getUnkId() < 0 || trainer.getUnkId() >= pieces.size()) {
            throw refused(
                    model,
                    "its " + ModelDirectory.SPM + " has unk_id " + trainer.getUnkId() + " outside its " + pieces.size()
                            + " pieces");
        }
        Map<String, Integer> vocab = new LinkedHashMap<>();
        JsonArray scores = new JsonArray();
        TreeMap<Integer, JsonObject> added = new TreeMap<>();
        for (int id = 0; id < pieces.size(); id++) {
            SentencePiece piece = pieces.get(id);
            vocab.putIfAbsent(piece.getPiece(), id);
            JsonArray entry = new JsonArray();
            entry.add(piece.getPiece());
            entry.add((double) piece.getScore());
            scores.add(entry);
            SentencePiece.Type type = piece.getType();
            if (type == SentencePiece.Type.CONTROL || type == SentencePiece.Type.USER_DEFINED) {
                // sentencepiece never emits control pieces for text and matches user-defined ones first.
                added.put(id, TokenizerJson.addedToken(id, piece.getPiece(), type == SentencePiece.Type.CONTROL));
            }
        }
        Map<String, String> roles = new LinkedHashMap<>();
        ROLES.forEach((key, fallback) -> {
            String token = TokenizerJson.configuredToken(model, config, special, key, fallback);
            roles.put(key, token);
            Integer id = vocab.get(token);
            if (id == null) {
                id = vocab.size();
                vocab.put(token, id);
            }
            added.put(id, TokenizerJson.addedToken(id, token, true));
        });

        JsonObject json = TokenizerJson.empty();
        JsonArray addedTokens = new JsonArray();
        added.values().forEach(addedTokens::add);
        json.add("added_tokens", addedTokens);
        NormalizerSpec normalizer = proto.getNormalizerSpec();
        json.add("normalizer", normalizer(normalizer, TokenizerJson.flag(config, "do_lower_case", false)));
        JsonObject metaspace = metaspace(normalizer.getAddDummyPrefix(), trainer.getSplitByWhitespace());
        JsonArray preTokenizers = new JsonArray();
        if (TokenizerJson.flag(config, "split_by_punct", false)) {
            JsonObject punctuation = new JsonObject();
            punctuation.addProperty("type", "Punctuation");
            punctuation.addProperty("behavior", "Isolated");
            preTokenizers.add(punctuation);
        }
        preTokenizers.add(metaspace);
        JsonObject preTokenizer = new JsonObject();
        preTokenizer.addProperty("type", "Sequence");
        preTokenizer.add("pretokenizers", preTokenizers);
        json.add("pre_tokenizer", preTokenizer);
        json.add("post_processor", TokenizerJson.clsSepTemplate(roles.get("cls_token"), roles.get("sep_token"), vocab));
        json.add("decoder", metaspace.deepCopy());

        JsonObject unigram = new JsonObject();
        unigram.addProperty("type", "Unigram");
        unigram.addProperty("unk_id", trainer.getUnkId());
        unigram.add("vocab", scores);
        // With byte fallback, sentencepiece spells an unknown character as its UTF-8 bytes (<0x..> pieces).
        unigram.addProperty("byte_fallback", trainer.getByteFallback());
        json.add("model", unigram);
        return json;
    }

    /**
     * sentencepiece's normalization: the precompiled character map, then (remove_extra_whitespaces) the ends
     * stripped and runs of spaces made one. Strip comes first, as in transformers' converter: the two differ
     * only when the character map turns a character at either end into a space (U+200B).
     */
    private static JsonObject normalizer(NormalizerSpec spec, boolean lowercase) {
        JsonArray steps = new JsonArray();
        if (lowercase) {
            steps.add(type("Lowercase"));
        }
        if (spec.getRemoveExtraWhitespaces()) {
            JsonObject strip = type("Strip");
            strip.addProperty("strip_left", true);
            strip.addProperty("strip_right", true);
            steps.add(strip);
        }
        if (!spec.getPrecompiledCharsmap().isEmpty()) {
            JsonObject precompiled = type("Precompiled");
            precompiled.addProperty(
                    "precompiled_charsmap",
                    Base64.getEncoder()
                            .encodeToString(spec.getPrecompiledCharsmap().toByteArray()));
            steps.add(precompiled);
        }
        if (spec.getRemoveExtraWhitespaces()) {
            JsonObject replace = type("Replace");
            JsonObject pattern = new JsonObject();
            pattern.addProperty("Regex", " {2,}");
            replace.add("pattern", pattern);
            replace.addProperty("content", " ");
            steps.add(replace);
        }
        JsonObject sequence = type("Sequence");
        sequence.add("normalizers", steps);
        return sequence;
    }

    /** Spaces as "▁", one prepended to each text when sentencepiece adds its dummy prefix. */
    private static JsonObject metaspace(boolean dummyPrefix, boolean split) {
        JsonObject metaspace = type("Metaspace");
        metaspace.addProperty("replacement", SPACE);
        metaspace.addProperty("prepend_scheme", dummyPrefix ? "always" : "never");
        metaspace.addProperty("split", split);
        return metaspace;
    }

    private static JsonObject type(String type) {
        JsonObject json = new JsonObject();
        json.addProperty("type", type);
        return json;
    }

    private static ModelProto read(ModelDirectory model, Path spmFile) throws IOException {
        try {
            return ModelProto.parseFrom(Files.readAllBytes(spmFile));
        } catch (InvalidProtocolBufferException e) {
            throw refused(
                    model, "its " + ModelDirectory.SPM + " is not a SentencePiece model (" + e.getMessage() + ")");
        }
    }

    private static ConfigurationException refused(ModelDirectory model, String problem) {
        return new ConfigurationException(
                "model",
                model.location(),
                problem,
                "add the model's tokenizer.json (in Python: AutoTokenizer.from_pretrained(model)"
                        + ".save_pretrained(dir) writes one)");
    }

    private static Map<String, String> rolesInOrder() {
        Map<String, String> roles = new LinkedHashMap<>();
        roles.put("unk_token", "[UNK]");
        roles.put("sep_token", "[SEP]");
        roles.put("pad_token", "[PAD]");
        roles.put("cls_token", "[CLS]");
        roles.put("mask_token", "[MASK]");
        return roles;
    }
}
