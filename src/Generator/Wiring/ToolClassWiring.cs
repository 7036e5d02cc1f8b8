using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Dify.Plugin.Generator.Diagnostics;
using Dify.Plugin.Generator.Helpers;
using Dify.Plugin.Generator.Model;

namespace Dify.Plugin.Generator.Wiring;

/// <summary>
/// Decides which tool and provider classes the generator connects. A class it cannot connect gets exactly one
/// diagnostic and appears nowhere in generated code, so the user sees the reason and never a CS error in our output.
/// </summary>
internal static class ToolClassWiring
{
    public static WiringPlan Plan(
        ImmutableArray<ToolClassSpec> toolClasses,
        ImmutableArray<ProviderClassSpec> providerClasses,
        EquatableArray<ToolKey> names,
        EquatableArray<RecordConflict> conflicts,
        bool someToolManifestUnreadable,
        string @namespace)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var blocked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var conflict in conflicts)
        {
            blocked.Add(conflict.ToolName);
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeTakesRecordName, conflict.Location, conflict.RecordName, @namespace, conflict.ToolName, conflict.ManifestPath));
        }

        var implemented = new Dictionary<string, ToolClassSpec>(StringComparer.Ordinal);
        var wired = new List<WiredToolClass>();
        foreach (var toolClass in toolClasses)
        {
            var tool = names.FirstOrDefault(name => name.Name == toolClass.ToolName);
            if (tool is null && someToolManifestUnreadable)
            {
                // One mistake, one diagnostic: the class may name the tool of a manifest that could not be read, which
                // already has its error (DIFY1001, DIFY1031 or a missing name); it is wired once that is fixed.
                continue;
            }

            if (tool is null)
            {
                var suggestion = StringSimilarity.Closest(toolClass.ToolName, names.Select(name => name.Name));
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownTool, toolClass.Location, toolClass.ToolName, suggestion is null ? "" : $"; did you mean '{suggestion}'?"));
                continue;
            }

            if (implemented.TryGetValue(tool.Name, out var other))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateToolClass, toolClass.Location, tool.Name, other.ClassName));
                continue;
            }

            implemented.Add(tool.Name, toolClass);
            if (blocked.Contains(tool.Name))
            {
                // DIFY2108 already explains why this tool has no record; its class cannot be checked against one.
                continue;
            }

            if (Problem(toolClass, tool) is { } problem)
            {
                diagnostics.Add(problem);
            }
            else
            {
                wired.Add(new WiredToolClass(toolClass, $"global::{@namespace}.{tool.RecordName}", tool.ManifestPath));
            }
        }

        var providers = new List<ProviderClassSpec>();
        foreach (var provider in providerClasses)
        {
            if (provider.ShapeProblem is { } problem)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ClassCannotBeCreated, provider.Location, "Provider class", provider.FullTypeName.Replace("global::", ""), problem));
            }
            else
            {
                providers.Add(provider);
            }
        }

        return new WiringPlan(
            wired.ToEquatableArray(),
            providers.ToEquatableArray(),
            blocked.OrderBy(name => name, StringComparer.Ordinal).ToEquatableArray(),
            implemented.Keys.OrderBy(name => name, StringComparer.Ordinal).ToEquatableArray(),
            diagnostics.ToEquatableArray());
    }

    private static DiagnosticInfo? Problem(ToolClassSpec toolClass, ToolKey tool)
    {
        if (!toolClass.IsPartial)
        {
            return DiagnosticInfo.Create(DiagnosticDescriptors.ToolClassNotPartial, toolClass.Location, toolClass.ClassName);
        }

        if (toolClass.ShapeProblem is { } shape)
        {
            return DiagnosticInfo.Create(DiagnosticDescriptors.ClassCannotBeCreated, toolClass.Location, "Tool class", toolClass.ClassName, shape);
        }

        if (toolClass.ForeignBaseType is { } baseType)
        {
            return DiagnosticInfo.Create(DiagnosticDescriptors.ToolClassHasBaseClass, toolClass.Location, toolClass.ClassName, baseType);
        }

        if (toolClass.ConflictingMembers.Count > 0)
        {
            return DiagnosticInfo.Create(DiagnosticDescriptors.ToolClassDeclaresGeneratedMember, toolClass.Location, toolClass.ClassName, string.Join("', '", toolClass.ConflictingMembers));
        }

        return toolClass.InvokeRecordNames.Contains(tool.RecordName)
            ? null
            : DiagnosticInfo.Create(DiagnosticDescriptors.ToolClassWithoutInvoke, toolClass.Location, toolClass.ClassName, tool.RecordName, tool.Name);
    }
}
