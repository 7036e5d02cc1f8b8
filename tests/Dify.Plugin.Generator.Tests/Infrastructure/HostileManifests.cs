using System.Text;

namespace Dify.Plugin.Generator.Tests.Infrastructure;

/// <summary>
/// The manifests of issue 9's probes, built the same way for the tests (what the generator reports) and the benchmarks
/// (what it costs): each is small or plain, and cost far more than its size before the generator had limits.
/// </summary>
internal static class HostileManifests
{
    /// <summary>The sample's tool manifest (<c>samples/LlmTool/tools/llm.yaml</c>), which every probe starts from.</summary>
    public static string Sample => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "samples", "LlmTool", "tools", "llm.yaml"));

    /// <summary>Code that must never run: a module initializer, placed after a line terminator inside manifest text.</summary>
    public const string InjectedCode = "[System.Runtime.CompilerServices.ModuleInitializer] internal static void Injected() { System.Environment.Exit(66); } //";

    /// <summary>The first parameter's <c>required: true</c> written <paramref name="copies"/> more times (4,000 copies: 28 KB).</summary>
    public static string RepeatedKey(int copies) =>
        Sample.Replace("    form: llm\n", "    form: llm\n" + string.Concat(Enumerable.Repeat("    required: true\n", copies)), StringComparison.Ordinal);

    /// <summary><paramref name="parameters"/> parameters whose default aliases a five-level tree of aliases (10^5 leaves; 100 of them: 18 KB).</summary>
    public static string AliasTreeDefaults(int parameters)
    {
        var builder = new StringBuilder("x-tree:\n  l0: &l0 [" + string.Join(", ", Enumerable.Repeat("\"aaaaaaaaaa\"", 10)) + "]\n");
        for (var level = 1; level < 5; level++)
        {
            builder.Append($"  l{level}: &l{level} [{string.Join(", ", Enumerable.Repeat($"*l{level - 1}", 10))}]\n");
        }

        builder.Append("identity: {name: bomb, author: a, label: {en_US: Bomb}}\ndescription: {human: {en_US: Bomb}, llm: Bomb}\nparameters:\n");
        for (var i = 0; i < parameters; i++)
        {
            builder.Append($"  - {{name: p{i}, type: object, required: false, form: form, default: {{\"tree\": *l4}}, label: {{en_US: P}}, human_description: {{en_US: P}}}}\n");
        }

        return builder.ToString();
    }

    /// <summary>The sample followed by <paramref name="count"/> distinct unknown top-level keys (100,000 of them: 1 MB).</summary>
    public static string UniqueKeys(int count) =>
        Sample + string.Concat(Enumerable.Range(0, count).Select(i => $"k{i}: 1\n"));

    /// <summary>A tool whose <c>description.llm</c> has <paramref name="characters"/> characters (50 MB in the probe).</summary>
    public static string HugeDescription(int characters) =>
        "identity: {name: big, author: a, label: {en_US: B}}\ndescription:\n  llm: \"" + new string('x', characters) + "\"\n";

    /// <summary>The sample with every label, description and option text ending a line (as a YAML escape such as <c>\L</c>) before code.</summary>
    public static string LineTerminatorPayload(string escape)
    {
        var text = $"\"Size{escape}{InjectedCode}\"";
        return $$"""
            identity:
              name: sized
              author: {{text}}
              label:
                en_US: {{text}}
                zh_Hans: {{text}}
                ja_JP: {{text}}
                pt_BR: {{text}}
            description:
              human:
                en_US: {{text}}
                zh_Hans: {{text}}
              llm: {{text}}
            parameters:
              - name: size
                type: select
                required: false
                default: {{text}}
                form: form
                label:
                  en_US: {{text}}
                  pt_BR: {{text}}
                human_description:
                  en_US: {{text}}
                llm_description: {{text}}
                options:
                  - value: {{text}}
                    label:
                      en_US: {{text}}
              - name: notes
                type: string
                required: false
                default: {{text}}
                form: llm
                label:
                  en_US: {{text}}
                human_description:
                  en_US: {{text}}
                llm_description: {{text}}
              - name: config
                type: object
                required: false
                default: {"k": {{text}}}
                form: form
                label:
                  en_US: {{text}}
                human_description:
                  en_US: {{text}}
            """;
    }
}
