using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Dify.Plugin.Generator.Helpers;
using Dify.Plugin.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Dify.Plugin.Generator.Parsing;

/// <summary>
/// Picks the constructor the plugin calls for a tool or provider class, as <c>ActivatorUtilities</c> would: the one
/// marked <c>[ActivatorUtilitiesConstructor]</c>, else the only public or internal one. Its parameters become service
/// lookups in generated code, so activation needs no reflection.
/// </summary>
internal static class ConstructorReader
{
    /// <summary>The chosen constructor's parameters, or why none can be called (a DIFY2106 message).</summary>
    public static (string? Problem, EquatableArray<ConstructorParameterSpec> Parameters) Read(INamedTypeSymbol type)
    {
        var constructors = type.InstanceConstructors;
        if (constructors.Length == 1 && constructors[0] is { IsImplicitlyDeclared: true, Parameters.Length: 0, DeclaredAccessibility: Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal })
        {
            // The constructor the compiler adds to a class that declares none (most tool classes): it is the one to call,
            // carries no attribute and asks for nothing.
            return (null, EquatableArray<ConstructorParameterSpec>.Empty);
        }

        var usable = constructors
            .Where(constructor => constructor.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal)
            .ToList();
        if (usable.Count == 0)
        {
            return ("has no public or internal constructor, and the plugin creates one instance per call; add one", EquatableArray<ConstructorParameterSpec>.Empty);
        }

        var marked = usable.Where(constructor => constructor.GetAttributes().Any(attribute => KnownTypes.IsActivatorUtilitiesConstructorAttribute(attribute.AttributeClass))).ToList();
        IMethodSymbol chosen;
        if (marked.Count > 1)
        {
            return ($"marks {marked.Count} constructors [ActivatorUtilitiesConstructor]; mark only the one the plugin calls", EquatableArray<ConstructorParameterSpec>.Empty);
        }

        if (marked.Count == 1)
        {
            chosen = marked[0];
        }
        else if (usable.Count == 1)
        {
            chosen = usable[0];
        }
        else
        {
            var list = string.Join(", ", usable.Select(Signature));
            return ($"has {usable.Count} public or internal constructors ({list}), and the plugin cannot tell which one to call; mark one [ActivatorUtilitiesConstructor] (Microsoft.Extensions.DependencyInjection) or keep only one", EquatableArray<ConstructorParameterSpec>.Empty);
        }

        var parameters = new List<ConstructorParameterSpec>();
        foreach (var parameter in chosen.Parameters)
        {
            if (ParameterProblem(parameter) is { } problem)
            {
                return ($"has a constructor parameter '{parameter.Name}' that {problem}", EquatableArray<ConstructorParameterSpec>.Empty);
            }

            var serviceType = parameter.Type.IsReferenceType ? parameter.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated) : parameter.Type;
            parameters.Add(new ConstructorParameterSpec(
                serviceType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                serviceType.ToDisplayString(),
                Identifiers.Escape(parameter.Name),
                Fallback(parameter)));
        }

        return (null, parameters.ToEquatableArray());
    }

    private static string? ParameterProblem(IParameterSymbol parameter)
    {
        if (parameter.RefKind != RefKind.None)
        {
            return $"is passed by {parameter.RefKind.ToString().ToLowerInvariant()}, and services are passed by value; remove '{parameter.RefKind.ToString().ToLowerInvariant()}'";
        }

        if (parameter.IsParams)
        {
            return "is 'params', which no service fills; take the service itself";
        }

        return parameter.Type switch
        {
            { TypeKind: TypeKind.Error } => "has a type the compiler cannot find; fix the type's name or add its using",
            { TypeKind: TypeKind.Dynamic } => "is 'dynamic', and a service is asked for by its type; use the service's type",
            { TypeKind: TypeKind.Pointer or TypeKind.FunctionPointer } or { IsRefLikeType: true } => "has a type a service container cannot hold; take a class or interface",
            _ => null,
        };
    }

    /// <summary>What to pass when the container lacks the service: the default value, or null for a nullable reference; null when it is required.</summary>
    private static string? Fallback(IParameterSymbol parameter)
    {
        if (!parameter.HasExplicitDefaultValue)
        {
            return parameter.Type.IsReferenceType && parameter.NullableAnnotation == NullableAnnotation.Annotated ? "null!" : null;
        }

        var type = parameter.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        return parameter.ExplicitDefaultValue switch
        {
            null => "default!",
            double number when double.IsNaN(number) || double.IsInfinity(number) => $"({type})(double.{(double.IsNaN(number) ? "NaN" : number > 0 ? "PositiveInfinity" : "NegativeInfinity")})",
            float number when float.IsNaN(number) || float.IsInfinity(number) => $"({type})(float.{(float.IsNaN(number) ? "NaN" : number > 0 ? "PositiveInfinity" : "NegativeInfinity")})",
            decimal number => $"({type})({number.ToString(CultureInfo.InvariantCulture)}m)",
            var value => $"({type})({SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false)})",
        };
    }

    private static string Signature(IMethodSymbol constructor) =>
        "(" + string.Join(", ", constructor.Parameters.Select(parameter => parameter.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat))) + ")";
}
