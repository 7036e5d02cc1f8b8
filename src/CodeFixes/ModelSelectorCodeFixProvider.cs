using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Dify.Plugin.Generator.Analyzers;
using Dify.Plugin.Generator.Helpers;
using Dify.Plugin.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Dify.Plugin.CodeFixes;

/// <summary>
/// DIFY2002: replaces a hand-built model config with a model-selector parameter: adds the parameter to the tool's
/// YAML (with the seed document's labels) and uses the generated property in the code.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ModelSelectorCodeFixProvider)), Shared]
public sealed class ModelSelectorCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("DIFY2002");

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            var scope = diagnostic.Properties.GetValueOrDefault(DifyUsageAnalyzer.TokenProperty) ?? "llm";
            var recordName = diagnostic.Properties.GetValueOrDefault(DifyUsageAnalyzer.ParameterProperty);
            if (ManifestEdits.Find(context.Document.Project, diagnostic.Properties.GetValueOrDefault(DifyUsageAnalyzer.ManifestFileProperty)) is not { } manifest
                || root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax creation)
            {
                continue;
            }

            // The title says what the fix does: reuse the selector the manifest already has, or add one.
            var existing = ExistingSelector((await manifest.GetTextAsync(context.CancellationToken).ConfigureAwait(false)).ToString(), scope);
            context.RegisterCodeFix(
                CodeAction.Create(
                    existing is null
                        ? $"Let the user pick the model: add a model-selector parameter to {ManifestEdits.DisplayName(manifest)}"
                        : $"Let the user pick the model: use the model-selector parameter '{existing}' of {ManifestEdits.DisplayName(manifest)}",
                    cancellationToken => FixAsync(context.Document, manifest, creation, scope, recordName, cancellationToken),
                    equivalenceKey: "DifyModelSelector"),
                diagnostic);
        }
    }

    private static async Task<Solution> FixAsync(Document document, TextDocument manifest, ExpressionSyntax creation, string scope, string? recordName, CancellationToken cancellationToken)
    {
        var yaml = (await manifest.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString();
        var name = ExistingSelector(yaml, scope) ?? UniqueName(yaml, DefaultName(scope));
        var solution = document.Project.Solution;
        if (ExistingSelector(yaml, scope) is null)
        {
            solution = await ManifestEdits.ReplaceAsync(solution, manifest, text => YamlEditor.AddParameter(text, ParameterLines(name, scope)), cancellationToken).ConfigureAwait(false);
        }

        var replacement = Access(creation, name, scope, recordName);
        if (replacement is null)
        {
            return solution;
        }

        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var newRoot = root!.ReplaceNode(creation, replacement.WithTriviaFrom(creation));
        return solution.WithDocumentSyntaxRoot(document.Id, newRoot);
    }

    /// <summary>How the method reaches the new parameter: the typed record's property, or the raw accessor.</summary>
    private static ExpressionSyntax? Access(ExpressionSyntax creation, string name, string scope, string? recordName)
    {
        var method = creation.FirstAncestorOrSelf<BaseMethodDeclarationSyntax>()?.ParameterList.Parameters
            ?? creation.FirstAncestorOrSelf<LocalFunctionStatementSyntax>()?.ParameterList.Parameters;
        if (method is null)
        {
            return null;
        }

        var typed = method.Value.FirstOrDefault(p => recordName is not null && p.Type?.ToString().Split('.').Last() == recordName);
        if (typed is not null)
        {
            return SyntaxFactory.ParseExpression($"{typed.Identifier.Text}.{Identifiers.ToPascalCase(name)}");
        }

        var raw = method.Value.FirstOrDefault(p => p.Type?.ToString().Split('.').Last() == "ToolParameters");
        return raw is null ? null : SyntaxFactory.ParseExpression($"{raw.Identifier.Text}.GetModelConfig<{ConfigType(scope)}>(\"{name}\")");
    }

    private static string? ExistingSelector(string yaml, string scope)
    {
        var (root, error, _) = YamlTreeReader.Read(yaml);
        if (error is not null || root is not YamlMapping mapping || mapping.Get("parameters") is not YamlSequence parameters)
        {
            return null;
        }

        return parameters.Items.OfType<YamlMapping>()
            .Where(parameter => (parameter.Get("type") as YamlScalar)?.Value == "model-selector")
            .Where(parameter => ((parameter.Get("scope") as YamlScalar)?.Value ?? "llm").Split('&').Select(token => token.Trim()).Contains(scope))
            .Select(parameter => (parameter.Get("name") as YamlScalar)?.Value)
            .FirstOrDefault(value => value is not null);
    }

    private static string UniqueName(string yaml, string name)
    {
        var (root, _, _) = YamlTreeReader.Read(yaml);
        var taken = new HashSet<string>(((root as YamlMapping)?.Get("parameters") as YamlSequence)?.Items.OfType<YamlMapping>()
            .Select(parameter => (parameter.Get("name") as YamlScalar)?.Value ?? "") ?? Enumerable.Empty<string>());
        var candidate = name;
        for (var suffix = 2; taken.Contains(candidate); suffix++)
        {
            candidate = name + "_" + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    private static string DefaultName(string scope) => scope switch
    {
        "llm" => "model",
        "text-embedding" => "embedding_model",
        "rerank" => "rerank_model",
        "tts" => "tts_model",
        "speech2text" => "speech2text_model",
        _ => "moderation_model",
    };

    private static string ConfigType(string scope) => scope switch
    {
        "text-embedding" => "TextEmbeddingModelConfig",
        "rerank" => "RerankModelConfig",
        "tts" => "TTSModelConfig",
        "speech2text" => "Speech2TextModelConfig",
        "moderation" => "ModerationModelConfig",
        _ => "LLMModelConfig",
    };

    /// <summary>The parameter as the seed document declares its model selector.</summary>
    private static string[] ParameterLines(string name, string scope) => new[]
    {
        $"name: {name}",
        "type: model-selector",
        $"scope: {scope}",
        "required: true",
        "label:",
        "  en_US: Model",
        "  zh_Hans: 使用的模型",
        "  pt_BR: Model",
        "human_description:",
        "  en_US: Model",
        "  zh_Hans: 使用的模型",
        "  pt_BR: Model",
        "llm_description: which Model to invoke",
        "form: form",
    };
}
