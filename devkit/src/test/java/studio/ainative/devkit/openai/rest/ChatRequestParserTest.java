package studio.ainative.devkit.openai.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import studio.ainative.devkit.openai.ChatMessage;
import studio.ainative.devkit.openai.ChatRequest;
import studio.ainative.devkit.openai.OpenAiException;
import studio.ainative.devkit.openai.Role;

/** Each test breaks one member of an otherwise valid body (single quotes stand for double). */
class ChatRequestParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int OUTPUT_LIMIT = 100;
    private static final String USER = "{'role':'user','content':'hello'}";

    private static ChatRequest parse(String body) {
        try {
            JsonNode tree = JSON.readTree(body.replace('\'', '"'));
            return ChatRequestParser.parse(tree, OUTPUT_LIMIT);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String body(String members) {
        return "{'model':'m','messages':[" + USER + "]" + (members.isEmpty() ? "" : "," + members) + "}";
    }

    private static void assertRefused(String body, String param, String code) {
        OpenAiException e = assertThrows(OpenAiException.class, () -> parse(body));
        assertEquals(400, e.status());
        assertEquals("invalid_request_error", e.type());
        assertEquals(param, e.param());
        assertEquals(code, e.code());
    }

    @Test
    void aMinimalBodyGetsOpenAisDefaults() {
        ChatRequest request = parse(body(""));

        assertEquals("m", request.model());
        assertEquals(List.of(new ChatMessage(Role.USER, "hello")), request.messages());
        assertEquals(1, request.n());
        assertEquals(OptionalInt.empty(), request.maxTokens());
        assertFalse(request.stream());
        assertFalse(request.includeUsage());
    }

    @Test
    void membersTheEmulatorDoesNotUseAreAccepted() {
        ChatRequest request = parse(body("'temperature':0.2,'tools':[],'user':'u-1','seed':7"));

        assertEquals("m", request.model());
    }

    @Test
    void explicitNullsCountAsLeftOut() {
        ChatRequest request = parse(body("'n':null,'max_tokens':null,'stream':null,'stream_options':null"));

        assertEquals(1, request.n());
        assertFalse(request.stream());
    }

    @Test
    void textPartsAreJoinedByNewlinesAndOtherPartsSkipped() {
        ChatRequest request = parse("{'model':'m','messages':[{'role':'user','content':["
                + "{'type':'text','text':'one'},{'type':'image_url','image_url':{'url':'https://x/y.png'}},"
                + "{'type':'text','text':'two'}]}]}");

        assertEquals("one\ntwo", request.messages().get(0).text());
    }

    @Test
    void anAssistantMessageMayHaveNoContent() {
        ChatRequest request = parse("{'model':'m','messages':[" + USER + ",{'role':'assistant','content':null,"
                + "'tool_calls':[]}]}");

        assertEquals(new ChatMessage(Role.ASSISTANT, ""), request.messages().get(1));
    }

    @Test
    void streamWithIncludeUsageIsRead() {
        ChatRequest request = parse(body("'stream':true,'stream_options':{'include_usage':true}"));

        assertTrue(request.stream());
        assertTrue(request.includeUsage());
    }

    @Test
    void theSmallerOfMaxTokensAndMaxCompletionTokensHolds() {
        assertEquals(OptionalInt.of(3), parse(body("'max_tokens':9,'max_completion_tokens':3")).maxTokens());
        assertEquals(OptionalInt.of(4), parse(body("'max_tokens':4,'max_completion_tokens':8")).maxTokens());
        assertEquals(OptionalInt.of(5), parse(body("'max_completion_tokens':5")).maxTokens());
    }

    @Test
    void refusesABodyThatIsNotAnObject() {
        assertRefused("[]", null, "invalid_type");
    }

    @Test
    void refusesAMissingModel() {
        assertRefused("{'messages':[" + USER + "]}", "model", "missing_required_parameter");
    }

    @Test
    void refusesABlankModel() {
        assertRefused("{'model':' ','messages':[" + USER + "]}", "model", "missing_required_parameter");
    }

    @Test
    void refusesAModelThatIsNotAString() {
        assertRefused("{'model':7,'messages':[" + USER + "]}", "model", "invalid_type");
    }

    @Test
    void refusesMissingMessages() {
        assertRefused("{'model':'m'}", "messages", "missing_required_parameter");
    }

    @Test
    void refusesEmptyMessages() {
        assertRefused("{'model':'m','messages':[]}", "messages", "empty_array");
    }

    @Test
    void refusesMessagesThatAreNotAnArray() {
        assertRefused("{'model':'m','messages':'hello'}", "messages", "invalid_type");
    }

    @Test
    void refusesAMessageThatIsNotAnObject() {
        assertRefused("{'model':'m','messages':[" + USER + ",'hi']}", "messages[1]", "invalid_type");
    }

    @Test
    void refusesAMessageWithoutARole() {
        assertRefused("{'model':'m','messages':[{'content':'hi'}]}", "messages[0].role", "missing_required_parameter");
    }

    @Test
    void refusesAnUnknownRole() {
        assertRefused("{'model':'m','messages':[" + USER + ",{'role':'robot','content':'hi'}]}", "messages[1].role",
                "invalid_value");
    }

    @Test
    void refusesAUserMessageWithoutContent() {
        assertRefused("{'model':'m','messages':[{'role':'user'}]}", "messages[0].content",
                "missing_required_parameter");
    }

    @Test
    void refusesAUserMessageWithNullContent() {
        assertRefused("{'model':'m','messages':[{'role':'user','content':null}]}", "messages[0].content",
                "invalid_type");
    }

    @Test
    void refusesContentThatIsANumber() {
        assertRefused("{'model':'m','messages':[{'role':'user','content':42}]}", "messages[0].content",
                "invalid_type");
    }

    @Test
    void refusesAnImagePartInASystemMessage() {
        assertRefused("{'model':'m','messages':[{'role':'system','content':[{'type':'image_url','image_url':{}}]},"
                + USER + "]}", "messages[0].content[0].type", "invalid_value");
    }

    @Test
    void refusesATextPartWithoutText() {
        assertRefused("{'model':'m','messages':[{'role':'user','content':[{'type':'text'}]}]}",
                "messages[0].content[0].text", "missing_required_parameter");
    }

    @Test
    void refusesAPartWithoutAType() {
        assertRefused("{'model':'m','messages':[{'role':'user','content':[{'text':'hi'}]}]}",
                "messages[0].content[0].type", "missing_required_parameter");
    }

    @Test
    void refusesAToolMessageWithoutItsToolCallId() {
        assertRefused("{'model':'m','messages':[" + USER + ",{'role':'tool','content':'42'}]}",
                "messages[1].tool_call_id", "missing_required_parameter");
    }

    @Test
    void refusesZeroChoices() {
        assertRefused(body("'n':0"), "n", "integer_below_min_value");
    }

    @Test
    void refusesMoreChoicesThanOpenAiAllows() {
        assertRefused(body("'n':129"), "n", "integer_above_max_value");
    }

    @Test
    void refusesAChoiceCountGivenAsAString() {
        assertRefused(body("'n':'2'"), "n", "invalid_type");
    }

    @Test
    void refusesAFractionalChoiceCount() {
        assertRefused(body("'n':1.5"), "n", "invalid_type");
    }

    @Test
    void refusesZeroMaxTokens() {
        assertRefused(body("'max_tokens':0"), "max_tokens", "integer_below_min_value");
    }

    @Test
    void refusesMaxTokensOverTheModelsLimit() {
        assertRefused(body("'max_tokens':101"), "max_tokens", "invalid_value");
    }

    @Test
    void refusesMaxCompletionTokensOverTheModelsLimit() {
        assertRefused(body("'max_completion_tokens':101"), "max_completion_tokens", "invalid_value");
    }

    @Test
    void refusesMaxTokensBeyondAnInteger() {
        assertRefused(body("'max_tokens':99999999999999"), "max_tokens", "integer_above_max_value");
    }

    @Test
    void refusesStreamThatIsNotABoolean() {
        assertRefused(body("'stream':'yes'"), "stream", "invalid_type");
    }

    @Test
    void refusesStreamOptionsWithoutStreaming() {
        assertRefused(body("'stream_options':{'include_usage':true}"), "stream_options", "invalid_value");
    }

    @Test
    void refusesIncludeUsageThatIsNotABoolean() {
        assertRefused(body("'stream':true,'stream_options':{'include_usage':1}"), "stream_options.include_usage",
                "invalid_type");
    }
}
