namespace Dify.Plugin.Analyzers.Tests;

/// <summary>Manifests the analyzer tests use.</summary>
internal static class Manifests
{
    public static (string, string) Tool(string name, string modelScope = "llm", string extraParameters = "") => ($"tools/{name}.yaml", $$"""
        identity:
          name: {{name}}
          author: me
          label:
            en_US: {{name}}
        description:
          human:
            en_US: {{name}}
          llm: Does {{name}} things.
        parameters:
          - name: prompt
            type: string
            required: true
            label:
              en_US: Prompt
            human_description:
              en_US: The prompt
            llm_description: the prompt
            form: llm
          - name: model
            type: model-selector
            scope: {{modelScope}}
            required: true
            label:
              en_US: Model
            human_description:
              en_US: Model
            form: form
          - name: api_key
            type: secret-input
            label:
              en_US: API key
            human_description:
              en_US: A key
            form: form
        {{extraParameters}}
        extra:
          python:
            source: tools/{{name}}.py
        """);

    public static (string, string) PluginManifest(string modelPermission = "      enabled: true\n      llm: true") => ("manifest.yaml", $$"""
        version: 0.0.1
        type: plugin
        author: me
        name: mine
        label:
          en_US: Mine
        description:
          en_US: Mine
        icon: icon.svg
        created_at: 2026-11-21T00:00:00Z
        resource:
          memory: 268435456
          permission:
            model:
        {{modelPermission}}
        plugins:
          tools:
            - provider/mine.yaml
        meta:
          version: 0.0.1
          arch: [amd64]
          runner:
            language: python
            version: "3.12"
            entrypoint: main
        """);

    public const string ToolClassStart = """
        namespace MyPlugin;

        [DifyTool("llm")]
        public sealed partial class LlmTool
        {
            public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(LlmParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
        """;

    public const string ToolClassEnd = """
                yield break;
            }
        }
        """;

    public const string Tools = """new PromptMessageTool("search", "Searches", new System.Text.Json.Nodes.JsonObject())""";
}
