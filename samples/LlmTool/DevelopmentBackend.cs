using Dify.Plugin;
using Dify.Plugin.Testing;

namespace LlmTool;

/// <summary>
/// A deterministic stand-in for Dify's models, so the sample runs with no Dify and no network: it answers every LLM
/// call by echoing the last user message, word by word, as a streaming model would.
/// </summary>
internal static class DevelopmentBackend
{
    public const string Label = "deterministic development backend (no model was called)";

    public static TestSession Create()
    {
        var session = new TestSession();
        session.Llm.RespondUsing(request =>
        {
            var lastUser = request.PromptMessages.LastOrDefault(message => message.Role == PromptMessageRole.User)?.GetTextContent() ?? "";
            var words = $"[{request.ModelConfig.Provider}/{request.ModelConfig.Model}] You said: {lastUser}".Split(' ');
            var pieces = words.Select((word, index) => index < words.Length - 1 ? word + " " : word).ToArray();
            var usage = new LLMUsage { PromptTokens = lastUser.Length, CompletionTokens = pieces.Length, TotalTokens = lastUser.Length + pieces.Length };
            return LlmScript.TextChunks(pieces, usage, request.ModelConfig.Model);
        });
        return session;
    }
}
