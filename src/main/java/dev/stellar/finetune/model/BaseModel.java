package dev.stellar.finetune.model;

import com.google.gson.JsonElement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the pretrained model came from, as far as its files tell, recorded in training.json for the model
 * card (evaluate writes the card later, without the pretrained directory at hand).
 *
 * @param hubId the Hugging Face Hub model id; {@code null} for a local directory, zip or ONNX jar
 * @param license the license the pretrained model declares (its README.md front matter, else a
 *     {@code license} in config.json); {@code null} when it declares none
 */
public record BaseModel(String hubId, String license) {

    private static final String MODEL_CARD = "README.md";
    /** A Hub license id such as apache-2.0, cc-by-4.0, mit or other. */
    private static final String LICENSE_ID = "[A-Za-z0-9][A-Za-z0-9.+-]*";

    private static final Pattern LICENSE_LINE =
            Pattern.compile("license:\\s*([\"']?)(" + LICENSE_ID + ")\\1\\s*(#.*)?");

    public static BaseModel of(ModelDirectory pretrained) {
        return new BaseModel(
                pretrained.hubId(),
                frontMatterLicense(pretrained.path().resolve(MODEL_CARD))
                        .or(() -> configLicense(pretrained))
                        .orElse(null));
    }

    /** The top-level {@code license:} of a model card's YAML front matter (between the first two --- lines). */
    static Optional<String> frontMatterLicense(Path card) {
        if (!Files.isRegularFile(card)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(card, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty(); // an unreadable card declares nothing; the license is then left out
        }
        if (lines.isEmpty() || !lines.get(0).strip().equals("---")) {
            return Optional.empty();
        }
        for (String line : lines.subList(1, lines.size())) {
            if (line.strip().equals("---")) {
                break;
            }
            Matcher license = LICENSE_LINE.matcher(line.stripTrailing());
            if (license.matches()) {
                return Optional.of(license.group(2));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> configLicense(ModelDirectory pretrained) {
        JsonElement license =
                pretrained.config() == null ? null : pretrained.config().raw().get("license");
        return license != null
                        && license.isJsonPrimitive()
                        && license.getAsString().matches(LICENSE_ID)
                ? Optional.of(license.getAsString())
                : Optional.empty();
    }
}
