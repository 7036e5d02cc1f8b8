using System;
using System.Collections.Generic;
using System.Linq;
using Dify.Plugin.Generator.Helpers;
using Dify.Plugin.Generator.Model;

namespace Dify.Plugin.Generator.Emit;

/// <summary>
/// Writes <c>DifyPlugin</c>: the plugin's declarations as the daemon expects them (manifest, providers with their tools
/// as full objects, icons), the tool and provider classes that serve them, and the one-line entry point.
/// </summary>
internal static class RegistryEmitter
{
    private const string Hosting = "global::Dify.Plugin.Hosting.";

    public static string Emit(
        DeclarationEntry plugin,
        IReadOnlyList<DeclarationEntry> declarations,
        WiringPlan wiring,
        IReadOnlyList<ToolKey> toolNames,
        string @namespace)
    {
        var writer = new SourceWriter();
        writer.FileHeader($"from {CSharpLiterals.Comment(plugin.ManifestPath)} and the manifests it references.");
        writer.OpenBlock($"namespace {@namespace}");
        writer.Line("/// <summary>");
        writer.Line("/// This plugin as Dify sees it, captured at compile time: the manifest, each provider with its tools, and the icons.");
        writer.Line("/// Run it with <c>return await DifyPlugin.RunAsync(args);</c> in <c>Program.cs</c>.");
        writer.Line("/// </summary>");
        writer.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"Dify.Plugin.Generator\", \"1.0.0\")]");
        writer.OpenBlock("internal static partial class DifyPlugin");
        writer.Line("/// <summary>The declarations and the classes that serve them.</summary>");
        writer.Line($"public static {Hosting}PluginRegistration Registration {{ get; }} = new(");
        writer.Indent();
        writer.Line($"{plugin.MemberName}.ToArray(),");
        writer.Line($"new {Hosting}ProviderRegistration[]");
        writer.Line("{");
        writer.Indent();
        var icons = new List<string>(plugin.Icons);
        foreach (var providerPath in plugin.References)
        {
            var provider = Find(declarations, "provider", providerPath);
            if (provider is null || provider.Name is null || !provider.HasJsonAfterTools)
            {
                continue;
            }

            icons.AddRange(provider.Icons);
            var tools = provider.References
                .Select(path => Find(declarations, "tool", path))
                .Where(tool => tool?.Name is not null)
                .Select(tool => tool!)
                .ToList();
            var validator = wiring.Providers.FirstOrDefault(candidate => candidate.ProviderName == provider.Name);
            var validatorOwner = validator is null ? "" : ActivationEmitter.Owner("Provider", provider.Name, validator.FullTypeName);
            var validatorFactory = validator is null ? "null" : ActivationEmitter.Factory(validator.FullTypeName, validator.Constructor, validatorOwner);
            writer.Line($"new({CSharpLiterals.String(provider.Name)}, {provider.MemberName}.ToArray(), {provider.AfterToolsMemberName}.ToArray(), {validatorFactory}, new {Hosting}ToolRegistration[]");
            writer.Line("{");
            writer.Indent();
            foreach (var tool in tools)
            {
                var toolClass = wiring.Tools.FirstOrDefault(candidate => candidate.Class.ToolName == tool.Name);
                var name = wiring.BlockedTools.Contains(tool.Name!)
                    ? null
                    : toolNames.FirstOrDefault(candidate => candidate.Name == tool.Name && candidate.ManifestPath == tool.ManifestPath);
                var owner = toolClass is null ? "" : ActivationEmitter.Owner("Tool", tool.Name!, toolClass.Class.FullTypeName);
                var factory = toolClass is null ? "null" : ActivationEmitter.Factory(toolClass.Class.FullTypeName, toolClass.Class.Constructor, owner);
                var dependencies = toolClass is null ? "" : ActivationEmitter.Dependencies("Dependencies", toolClass.Class.FullTypeName, toolClass.Class.Constructor, owner);
                var descriptor = name is null ? "null" : $"global::{@namespace}.{name.RecordName}.Descriptor";
                writer.Line($"new({CSharpLiterals.String(tool.Name!)}, {factory}, {descriptor}, {tool.MemberName}.ToArray()){dependencies},");
            }

            writer.Unindent();
            writer.Line(validator is null ? "})," : $"}}){ActivationEmitter.Dependencies("ValidatorDependencies", validator.FullTypeName, validator.Constructor, validatorOwner)},");
        }

        writer.Unindent();
        writer.Line("},");
        writer.Line($"new string[] {{ {string.Join(", ", icons.Distinct(StringComparer.Ordinal).Select(CSharpLiterals.String))} }});");
        writer.Unindent();
        writer.Line();
        writer.Line("/// <summary>Runs the plugin: under Dify (INSTALL_METHOD local or remote), or a tool in-process with <c>invoke &lt;tool&gt;</c>.</summary>");
        writer.Line("public static global::System.Threading.Tasks.Task<int> RunAsync(string[] args, global::System.Threading.CancellationToken cancellationToken = default) =>");
        writer.Line($"    {Hosting}PluginHost.RunAsync(Registration, args, null, cancellationToken);");
        writer.Line();
        writer.Line("/// <summary>Runs the plugin with host options, such as a development backend for <c>invoke</c>.</summary>");
        writer.Line($"public static global::System.Threading.Tasks.Task<int> RunAsync(string[] args, {Hosting}PluginHostOptions options, global::System.Threading.CancellationToken cancellationToken = default) =>");
        writer.Line($"    {Hosting}PluginHost.RunAsync(Registration, args, options, cancellationToken);");
        writer.CloseBlock();
        writer.CloseBlock();
        return writer.Complete();
    }

    private static DeclarationEntry? Find(IReadOnlyList<DeclarationEntry> declarations, string kind, string path)
    {
        var target = path.Replace('\\', '/').TrimStart('.', '/');
        return declarations.FirstOrDefault(d => d.Kind == kind && (d.ManifestPath == target || d.ManifestPath.EndsWith("/" + target, StringComparison.OrdinalIgnoreCase)));
    }
}
