package studio.ainative.devkit.openai.service;

import java.util.Optional;
import studio.ainative.devkit.openai.Completion;
import studio.ainative.devkit.openai.Fault;

/** The answer to one request, and the fault (if one is armed for it) that changes how it is sent. */
public record PlannedCompletion(Completion completion, Optional<Fault> fault) {
}
