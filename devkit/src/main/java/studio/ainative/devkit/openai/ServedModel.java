package studio.ainative.devkit.openai;

/** A model the emulator serves; {@code created} is when this devkit started serving it (epoch seconds). */
public record ServedModel(String id, long created) {
}
