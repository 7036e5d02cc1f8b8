using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Dify.Plugin.Generator.Analyzers;

/// <summary>A model-selector parameter a model config comes from.</summary>
internal sealed record ModelSelectorSource(string ToolName, string Parameter, string? Scope)
{
    public IEnumerable<string> Tokens => (Scope ?? "llm").Split('&').Select(token => token.Trim());

    public string ScopeText => Scope ?? "llm (the default)";
}

/// <summary>
/// Follows a model config back to the model-selector parameter it comes from: a generated property, the raw
/// <c>GetModelConfig</c> accessor, through locals, <c>with</c> expressions, conditionals, and helper methods of the
/// same file.
/// </summary>
internal sealed class ModelConfigTracer(ManifestIndex manifests)
{
    private const int MaxDepth = 6;

    public List<ModelSelectorSource> Trace(IOperation? operation)
    {
        var sources = new List<ModelSelectorSource>();
        Trace(operation, sources, 0, new HashSet<ISymbol>(SymbolEqualityComparer.Default));
        return sources;
    }

    private void Trace(IOperation? operation, List<ModelSelectorSource> sources, int depth, HashSet<ISymbol> visited)
    {
        if (operation is null || depth > MaxDepth)
        {
            return;
        }

        switch (operation)
        {
            case IConversionOperation conversion:
                Trace(conversion.Operand, sources, depth, visited);
                break;
            case IParenthesizedOperation parenthesized:
                Trace(parenthesized.Operand, sources, depth, visited);
                break;
            case IWithOperation with:
                Trace(with.Operand, sources, depth, visited);
                break;
            case IConditionalOperation conditional:
                Trace(conditional.WhenTrue, sources, depth + 1, visited);
                Trace(conditional.WhenFalse, sources, depth + 1, visited);
                break;
            case ICoalesceOperation coalesce:
                Trace(coalesce.Value, sources, depth + 1, visited);
                Trace(coalesce.WhenNull, sources, depth + 1, visited);
                break;
            case IPropertyReferenceOperation property when FromProperty(property.Property) is { } source:
                sources.Add(source);
                break;
            case IInvocationOperation invocation when FromGetModelConfig(invocation) is { } source:
                sources.Add(source);
                break;
            case ILocalReferenceOperation local when visited.Add(local.Local):
                foreach (var value in AssignedValues(local.Local, operation))
                {
                    Trace(value, sources, depth + 1, visited);
                }

                break;
            case IParameterReferenceOperation parameter when visited.Add(parameter.Parameter):
                foreach (var argument in ArgumentsAtCallSites(parameter.Parameter, operation))
                {
                    Trace(argument, sources, depth + 1, visited);
                }

                break;
        }
    }

    private static ModelSelectorSource? FromProperty(IPropertySymbol property)
    {
        var attribute = property.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == KnownNames.DifyParameterAttribute);
        if (attribute is null || attribute.ConstructorArguments.FirstOrDefault().Value is not string name)
        {
            return null;
        }

        var named = attribute.NamedArguments.ToDictionary(pair => pair.Key, pair => pair.Value.Value);
        if (!named.TryGetValue("Type", out var type) || type as string != "model-selector")
        {
            return null;
        }

        var toolName = property.ContainingType.GetMembers("ToolName").OfType<IFieldSymbol>().FirstOrDefault()?.ConstantValue as string ?? property.ContainingType.Name;
        return new ModelSelectorSource(toolName, name, named.TryGetValue("Scope", out var scope) ? scope as string : null);
    }

    private ModelSelectorSource? FromGetModelConfig(IInvocationOperation invocation)
    {
        if (invocation.TargetMethod.Name != "GetModelConfig"
            || invocation.TargetMethod.ContainingType.ToDisplayString() != KnownNames.ToolParameters
            || invocation.Arguments.FirstOrDefault()?.Value.ConstantValue.Value is not string name)
        {
            return null;
        }

        var tool = manifests.ToolOf(invocation.SemanticModel?.GetEnclosingSymbol(invocation.Syntax.SpanStart)?.ContainingType);
        var parameter = tool?.Parameters.FirstOrDefault(p => p.Name == name);
        return tool is null || parameter is null ? null : new ModelSelectorSource(tool.Name, name, parameter.Scope);
    }

    /// <summary>The values a local is initialized or assigned with, in the method that declares it.</summary>
    private static IEnumerable<IOperation> AssignedValues(ILocalSymbol local, IOperation reference)
    {
        var root = reference;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        foreach (var descendant in root.DescendantsAndSelf())
        {
            switch (descendant)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local) && declarator.Initializer is { } initializer:
                    yield return initializer.Value;
                    break;
                case ISimpleAssignmentOperation assignment when assignment.Target is ILocalReferenceOperation target && SymbolEqualityComparer.Default.Equals(target.Local, local):
                    yield return assignment.Value;
                    break;
            }
        }
    }

    /// <summary>What callers in the same file pass for a parameter of a helper method.</summary>
    private static IEnumerable<IOperation> ArgumentsAtCallSites(IParameterSymbol parameter, IOperation reference)
    {
        if (parameter.ContainingSymbol is not IMethodSymbol method || reference.SemanticModel is not { } model)
        {
            yield break;
        }

        foreach (var syntax in model.SyntaxTree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (model.GetOperation(syntax) is IInvocationOperation call
                && SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, method.OriginalDefinition))
            {
                var argument = call.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter?.OriginalDefinition, parameter.OriginalDefinition));
                if (argument is not null)
                {
                    yield return argument.Value;
                }
            }
        }
    }
}
