package studio.ainative.devkit.openai;

/** One prompt message as the emulator sees it: its role and its text (text parts joined, "" when none). */
public record ChatMessage(Role role, String text) {
}
