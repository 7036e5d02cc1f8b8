using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Dify.Plugin.Generator.Diagnostics;
using Dify.Plugin.Generator.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Dify.Plugin.Generator.Analyzers;

/// <summary>
/// Catches the mistakes plugin authors make with model invocation (DIFY2001-DIFY2007), reading the code and the
/// manifests (AdditionalFiles) of the compilation.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DifyUsageAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the manifest file a code fix edits.</summary>
    public const string ManifestFileProperty = "ManifestFile";

    /// <summary>Diagnostic property: the manifest parameter concerned.</summary>
    public const string ParameterProperty = "Parameter";

    /// <summary>Diagnostic property: the scope token or permission flag to add.</summary>
    public const string TokenProperty = "Token";

    /// <summary>Diagnostic property: the declared name closest to an undeclared one.</summary>
    public const string SuggestionProperty = "Suggestion";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.ToolsWithoutToolCallScope,
        DiagnosticDescriptors.HandBuiltModelConfig,
        DiagnosticDescriptors.UndeclaredParameter,
        DiagnosticDescriptors.MissingModelPermission,
        DiagnosticDescriptors.UnconsumedInvocation,
        DiagnosticDescriptors.ContentWithoutFeatureScope,
        DiagnosticDescriptors.SecretWritten);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName(KnownNames.Tool) is null)
            {
                return;
            }

            var manifests = ManifestIndex.Create(start.Options.AdditionalFiles, start.Options.AnalyzerConfigOptionsProvider, start.CancellationToken);
            var tracer = new ModelConfigTracer(manifests);
            start.RegisterOperationAction(operation => AnalyzeInvocation(operation, manifests, tracer), OperationKind.Invocation);
            start.RegisterOperationAction(operation => AnalyzeObjectCreation(operation, manifests), OperationKind.ObjectCreation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, ManifestIndex manifests, ModelConfigTracer tracer)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var typeName = method.ContainingType?.ToDisplayString() ?? "";
        if (KnownNames.Endpoints.TryGetValue(typeName, out var endpoint) && method.Name is "InvokeAsync" or "InvokeStreamingAsync")
        {
            CheckPermission(context, invocation, manifests, endpoint);
            CheckConsumed(context, invocation);
            if (typeName is KnownNames.LlmInvocation or KnownNames.LlmStructuredOutputInvocation)
            {
                CheckLlmCall(context, invocation, manifests, tracer);
            }
        }

        CheckParameterName(context, invocation, manifests);
        CheckSecretSink(context, invocation, invocation.Arguments.Select(argument => argument.Value), SinkOf(method));
    }

    private static void AnalyzeObjectCreation(OperationAnalysisContext context, ManifestIndex manifests)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Type is INamedTypeSymbol type && DerivesFrom(type, "System.Exception"))
        {
            CheckSecretSink(context, creation, creation.Arguments.Select(argument => argument.Value), "an exception message");
        }

        if (creation.Type is not INamedTypeSymbol config || !DerivesFrom(config, KnownNames.BaseModelConfig) || creation.Initializer is null)
        {
            return;
        }

        var provider = creation.Initializer.Initializers.OfType<ISimpleAssignmentOperation>()
            .FirstOrDefault(assignment => assignment.Target is IPropertyReferenceOperation { Property.Name: "Provider" });
        if (provider?.Value.ConstantValue.Value is not string providerName)
        {
            return;
        }

        var containingType = context.ContainingSymbol.ContainingType;
        if (!IsTool(containingType))
        {
            return;
        }

        var tool = manifests.ToolOf(containingType);
        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(ManifestFileProperty, tool?.FilePath)
            .Add(TokenProperty, ScopeOf(config.Name))
            .Add(ParameterProperty, tool?.RecordName);
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.HandBuiltModelConfig,
            creation.Syntax.GetLocation(),
            properties,
            config.Name,
            providerName,
            tool is null ? "the tool's manifest" : tool.ManifestPath));
    }

    private static void CheckLlmCall(OperationAnalysisContext context, IInvocationOperation invocation, ManifestIndex manifests, ModelConfigTracer tracer)
    {
        var config = Argument(invocation, "modelConfig");
        var sources = tracer.Trace(config?.Value);
        if (sources.Count == 0)
        {
            return;
        }

        var tools = Argument(invocation, "tools");
        if (tools is not null && HasTools(tools.Value))
        {
            foreach (var source in sources.Where(source => !source.Tokens.Any(token => token is "tool-call" or "multi-tool-call" or "stream-tool-call")))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.ToolsWithoutToolCallScope,
                    tools.Syntax.GetLocation(),
                    Properties(manifests, source, "tool-call"),
                    source.Parameter,
                    source.ToolName,
                    source.ScopeText));
            }
        }

        var prompt = Argument(invocation, "promptMessages")?.Value;
        foreach (var part in ContentParts(prompt))
        {
            var (feature, kind) = KnownNames.ContentFeatures[part.Type!.ToDisplayString()];
            foreach (var source in sources.Where(source => !source.Tokens.Contains(feature)))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.ContentWithoutFeatureScope,
                    part.Syntax.GetLocation(),
                    Properties(manifests, source, feature),
                    kind,
                    source.Parameter,
                    source.ToolName,
                    source.ScopeText,
                    feature));
            }
        }
    }

    private static void CheckPermission(OperationAnalysisContext context, IInvocationOperation invocation, ManifestIndex manifests, (string Flag, string Word) endpoint)
    {
        if (manifests.Permissions is not { } permissions || permissions.Allows(endpoint.Flag))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.MissingModelPermission,
            NameLocation(invocation),
            ImmutableDictionary<string, string?>.Empty.Add(ManifestFileProperty, manifests.PluginManifestPath).Add(TokenProperty, endpoint.Flag),
            CallName(invocation),
            endpoint.Flag,
            endpoint.Word));
    }

    private static void CheckConsumed(OperationAnalysisContext context, IInvocationOperation invocation)
    {
        var returnType = invocation.TargetMethod.ReturnType;
        var isStream = returnType.Name == "IAsyncEnumerable";
        var isTask = returnType.Name is "Task" or "ValueTask";
        if (!isStream && !isTask)
        {
            return;
        }

        var parent = invocation.Parent is IConversionOperation conversion ? conversion.Parent : invocation.Parent;
        string? problem = parent switch
        {
            IExpressionStatementOperation => isStream ? "never enumerated, so the model is never called" : "not awaited, so the call may not finish and its errors are lost",
            ISimpleAssignmentOperation { Target: IDiscardOperation } => isStream ? "discarded, so the model is never called" : "discarded without being awaited, so its errors are lost",
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } when isStream && !IsReferenced(declarator.Symbol, invocation) =>
                $"stored in '{declarator.Symbol.Name}' but never enumerated, so the model is never called",
            _ => null,
        };
        if (problem is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnconsumedInvocation, NameLocation(invocation), isStream ? "stream" : "task", CallName(invocation), problem));
        }
    }

    private static void CheckParameterName(OperationAnalysisContext context, IInvocationOperation invocation, ManifestIndex manifests)
    {
        var method = invocation.TargetMethod;
        var typeName = method.ContainingType?.ToDisplayString();
        var byName = typeName == KnownNames.ToolParameters && method.Name is "GetString" or "TryGetValue" or "Contains" or "GetModelConfig" or "GetFile" or "GetFiles";
        var lookup = typeName == KnownNames.ToolDescriptor && method.Name == "FindParameter";
        var raw = typeName == "System.Text.Json.JsonElement" && method.Name is "GetProperty" or "TryGetProperty"
            && invocation.Instance is IPropertyReferenceOperation { Property.Name: "Raw" } rawProperty && rawProperty.Property.ContainingType.ToDisplayString() == KnownNames.ToolParameters;
        if (!byName && !lookup && !raw)
        {
            return;
        }

        var nameArgument = invocation.Arguments.FirstOrDefault();
        if (nameArgument?.Value.ConstantValue.Value is not string name)
        {
            return;
        }

        var tool = lookup ? ToolOfDescriptor(invocation.Instance, manifests) : null;
        tool ??= manifests.ToolOf(context.ContainingSymbol.ContainingType);
        if (tool is null || tool.Parameters.Any(parameter => parameter.Name == name))
        {
            return;
        }

        // The closest name, or else the only declared parameter the accessor can read (the seed's 'query' → 'prompt').
        var suggestion = StringSimilarity.Closest(name, tool.Parameters.Select(parameter => parameter.Name));
        if (suggestion is null)
        {
            var fitting = tool.Parameters.Where(parameter => Fits(method.Name, parameter.Type)).Select(parameter => parameter.Name).ToArray();
            suggestion = fitting.Length == 1 ? fitting[0] : null;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.UndeclaredParameter,
            nameArgument.Value.Syntax.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(SuggestionProperty, suggestion).Add(ManifestFileProperty, tool.FilePath),
            tool.Name,
            name,
            suggestion is null ? $" (it declares {string.Join(", ", tool.Parameters.Select(p => "'" + p.Name + "'"))})" : $"; did you mean '{suggestion}'?"));
    }

    private static bool Fits(string accessor, string type) => accessor switch
    {
        "GetModelConfig" => type == "model-selector",
        "GetFile" or "GetFiles" => type is "file" or "files",
        "GetString" => type is "string" or "secret-input" or "select" or "dynamic-select" or "number" or "boolean" or "checkbox" or "date",
        _ => false,
    };

    private static void CheckSecretSink(OperationAnalysisContext context, IOperation sink, IEnumerable<IOperation> arguments, string? sinkDescription)
    {
        if (sinkDescription is null)
        {
            return;
        }

        foreach (var argument in arguments)
        {
            foreach (var (operation, kind) in SecretSources(argument, 0).Where(found => FlowsInto(found.Operation, argument)))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SecretWritten, operation.Syntax.GetLocation(), operation.Syntax.ToString(), kind, sinkDescription));
            }
        }
    }

    private static IEnumerable<(IOperation Operation, string Kind)> SecretSources(IOperation operation, int depth)
    {
        foreach (var node in operation.DescendantsAndSelf())
        {
            switch (node)
            {
                case IPropertyReferenceOperation property when SecretParameter(property.Property) is { } parameter:
                    yield return (node, $"secret-input parameter '{parameter}'");
                    break;
                case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when indexer.Property.ContainingType.ToDisplayString() == KnownNames.ToolCredentials:
                    yield return (node, "a provider credential");
                    break;
                case IInvocationOperation { TargetMethod.Name: "GetRequired" } call when call.TargetMethod.ContainingType.ToDisplayString() == KnownNames.ToolCredentials:
                    yield return (node, "a provider credential");
                    break;
                case ILocalReferenceOperation local when depth < 2:
                    var root = node;
                    while (root.Parent is not null)
                    {
                        root = root.Parent;
                    }

                    var initializer = root.DescendantsAndSelf().OfType<IVariableDeclaratorOperation>()
                        .FirstOrDefault(declarator => SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local))?.Initializer?.Value;
                    if (initializer is not null && SecretSources(initializer, depth + 1).FirstOrDefault() is { Operation: not null } held)
                    {
                        yield return (node, $"'{local.Local.Name}' holds " + held.Kind);
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// Whether the secret's value itself reaches <paramref name="root"/> (through conversions, concatenation,
    /// interpolation, string methods or a branch), rather than only a test of it such as <c>key is null</c>.
    /// </summary>
    private static bool FlowsInto(IOperation secret, IOperation root)
    {
        for (var child = secret; child != root && child.Parent is { } parent; child = parent)
        {
            var preserves = parent switch
            {
                IConversionOperation or IParenthesizedOperation or IInterpolationOperation or IInterpolatedStringOperation or ICoalesceOperation
                    or IArgumentOperation or IArrayInitializerOperation or IArrayCreationOperation or ICollectionExpressionOperation => true,
                IBinaryOperation binary => binary.OperatorKind == BinaryOperatorKind.Add,
                IConditionalOperation conditional => conditional.Condition != child,
                IInvocationOperation invocation => invocation.TargetMethod.ReturnType.SpecialType == SpecialType.System_String,
                IPropertyReferenceOperation property => property.Property.Type.SpecialType == SpecialType.System_String,
                _ => false,
            };
            if (!preserves)
            {
                return false;
            }
        }

        return true;
    }

    private static string? SecretParameter(IPropertySymbol property)
    {
        var attribute = property.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == KnownNames.DifyParameterAttribute);
        return attribute is not null
            && attribute.NamedArguments.Any(pair => pair.Key == "Type" && pair.Value.Value as string == "secret-input")
            && attribute.ConstructorArguments.FirstOrDefault().Value is string name
                ? name
                : null;
    }

    private static string? SinkOf(IMethodSymbol method)
    {
        var type = method.ContainingType?.ToDisplayString() ?? "";
        if ((type == "Dify.Plugin.ToolInvokeMessage" && method.Name.StartsWith("Create", StringComparison.Ordinal))
            || (type == KnownNames.Tool && method.Name.StartsWith("Create", StringComparison.Ordinal) && method.Name.EndsWith("Message", StringComparison.Ordinal)))
        {
            return "a tool message";
        }

        if (type is "Microsoft.Extensions.Logging.LoggerExtensions" or "Microsoft.Extensions.Logging.ILogger" && method.Name.StartsWith("Log", StringComparison.Ordinal))
        {
            return "a log message";
        }

        if (type is "System.Console" or "System.Diagnostics.Debug" or "System.Diagnostics.Trace" && method.Name.StartsWith("Write", StringComparison.Ordinal))
        {
            return "console or trace output";
        }

        return null;
    }

    private static IEnumerable<IObjectCreationOperation> ContentParts(IOperation? prompt)
    {
        if (prompt is null)
        {
            yield break;
        }

        var roots = new List<IOperation> { prompt };
        foreach (var local in prompt.DescendantsAndSelf().OfType<ILocalReferenceOperation>())
        {
            var root = (IOperation)local;
            while (root.Parent is not null)
            {
                root = root.Parent;
            }

            roots.AddRange(root.DescendantsAndSelf().OfType<IVariableDeclaratorOperation>()
                .Where(declarator => SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local) && declarator.Initializer is not null)
                .Select(declarator => declarator.Initializer!.Value));
        }

        foreach (var creation in roots.SelectMany(root => root.DescendantsAndSelf()).OfType<IObjectCreationOperation>())
        {
            if (creation.Type is not null && KnownNames.ContentFeatures.ContainsKey(creation.Type.ToDisplayString()))
            {
                yield return creation;
            }
        }
    }

    private static bool HasTools(IOperation value)
    {
        value = value is IConversionOperation conversion ? conversion.Operand : value;
        if (value.ConstantValue.HasValue && value.ConstantValue.Value is null)
        {
            return false;
        }

        return value switch
        {
            IDefaultValueOperation => false,
            ICollectionExpressionOperation collection => collection.Elements.Length > 0,
            IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues.Length > 0,
            IArrayCreationOperation array => !(array.DimensionSizes.FirstOrDefault()?.ConstantValue.Value is 0),
            IInvocationOperation { TargetMethod.Name: "Empty" } empty when empty.TargetMethod.ContainingType.ToDisplayString() is "System.Array" or "System.Linq.Enumerable" => false,
            _ => true,
        };
    }

    private static Dify.Plugin.Generator.Model.ToolSpec? ToolOfDescriptor(IOperation? instance, ManifestIndex manifests)
    {
        if (instance is IPropertyReferenceOperation { Property.Name: "Descriptor" } descriptor
            && descriptor.Property.ContainingType.GetMembers("ToolName").OfType<IFieldSymbol>().FirstOrDefault()?.ConstantValue is string toolName
            && manifests.Tools.TryGetValue(toolName, out var tool))
        {
            return tool;
        }

        return null;
    }

    private static ImmutableDictionary<string, string?> Properties(ManifestIndex manifests, ModelSelectorSource source, string token) =>
        ImmutableDictionary<string, string?>.Empty
            .Add(ManifestFileProperty, manifests.Tools.TryGetValue(source.ToolName, out var tool) ? tool.FilePath : null)
            .Add(ParameterProperty, source.Parameter)
            .Add(TokenProperty, token);

    private static IArgumentOperation? Argument(IInvocationOperation invocation, string name) =>
        invocation.Arguments.FirstOrDefault(argument => argument.Parameter?.Name == name && argument.ArgumentKind != ArgumentKind.DefaultValue);

    private static bool IsReferenced(ILocalSymbol local, IOperation from)
    {
        var root = from;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        return root.DescendantsAndSelf().OfType<ILocalReferenceOperation>().Any(reference => SymbolEqualityComparer.Default.Equals(reference.Local, local));
    }

    private static bool IsTool(INamedTypeSymbol? type) =>
        type is not null && (DerivesFrom(type, KnownNames.Tool) || type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.DifyToolAttribute));

    private static bool DerivesFrom(INamedTypeSymbol type, string baseName)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.ToDisplayString() == baseName)
            {
                return true;
            }
        }

        return false;
    }

    private static string ScopeOf(string configType) => configType switch
    {
        "TextEmbeddingModelConfig" => "text-embedding",
        "RerankModelConfig" => "rerank",
        "TTSModelConfig" => "tts",
        "Speech2TextModelConfig" => "speech2text",
        "ModerationModelConfig" => "moderation",
        _ => "llm",
    };

    private static string CallName(IInvocationOperation invocation)
    {
        var endpoint = invocation.TargetMethod.ContainingType.Name.Replace("Invocation", "");
        return $"Session.Model.{endpoint}.{invocation.TargetMethod.Name}";
    }

    private static Location NameLocation(IInvocationOperation invocation) =>
        invocation.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax { Expression: Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax access }
            ? access.Name.GetLocation()
            : invocation.Syntax.GetLocation();
}
