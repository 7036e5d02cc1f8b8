using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Dify.Plugin.Generator.Diagnostics;
using Dify.Plugin.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Dify.Plugin.Generator.Analyzers;

/// <summary>
/// DIFY2008: a call to a Dify service (tools, apps, workflow nodes, storage) that manifest.yaml's
/// <c>resource.permission</c> does not grant, so that Dify would answer "permission denied". Storage also needs a size the
/// daemon accepts. Test projects are not checked: the test double grants everything, and the plugin's own build reports
/// the calls the plugin makes.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ServicePermissionAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the permission to enable (<c>tool</c>, <c>app</c>, <c>node</c>, <c>storage</c>).</summary>
    public const string PermissionProperty = "Permission";

    /// <summary>Diagnostic property: "true" when <c>storage.size</c> must be set as well.</summary>
    public const string NeedsSizeProperty = "NeedsSize";

    // The service classes of the runtime and the permission each needs; the word is the one in Dify's error message.
    private static readonly IReadOnlyDictionary<string, string> Services = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Dify.Plugin.ToolInvocations"] = "tool",
        ["Dify.Plugin.AppInvocations"] = "app",
        ["Dify.Plugin.ChatAppInvocation"] = "app",
        ["Dify.Plugin.InputsAppInvocation"] = "app",
        ["Dify.Plugin.QuestionClassifierNodeInvocation"] = "node",
        ["Dify.Plugin.ParameterExtractorNodeInvocation"] = "node",
        ["Dify.Plugin.StorageInvocation"] = "storage",
    };

    // Test attributes of xUnit (v2 and v3), NUnit, MSTest and TUnit: their presence marks a test project.
    private static readonly string[] TestFrameworkMarkers =
    {
        "Xunit.FactAttribute",
        "NUnit.Framework.TestAttribute",
        "Microsoft.VisualStudio.TestTools.UnitTesting.TestMethodAttribute",
        "TUnit.Core.TestAttribute",
    };

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.MissingServicePermission);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var compilation = start.Compilation;
            if (compilation.GetTypeByMetadataName(KnownNames.Tool) is null
                || TestFrameworkMarkers.Any(marker => compilation.GetTypeByMetadataName(marker) is not null))
            {
                return;
            }

            var options = start.Options.AnalyzerConfigOptionsProvider;
            var @namespace = GeneratorOptions.Read(options.GlobalOptions).Namespace;
            var manifest = start.Options.AdditionalFiles
                .OrderBy(file => file.Path, StringComparer.Ordinal)
                .Select(file => ManifestFile.Classify(file, options, @namespace, start.CancellationToken))
                .FirstOrDefault(file => file?.Kind == ManifestKind.Plugin);
            if (manifest is null)
            {
                return;
            }

            var permissions = ServicePermissions.Read(manifest);
            start.RegisterOperationAction(operation => Analyze(operation, manifest.FilePath, permissions), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, string manifestPath, ServicePermissions permissions)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.DeclaredAccessibility != Accessibility.Public || method.ContainingType is not { } type
            || !Services.TryGetValue(type.ToDisplayString(), out var permission))
        {
            return;
        }

        var enabled = permissions.IsEnabled(permission);
        var needsSize = permission == "storage" && !permissions.HasValidStorageSize;
        if (enabled && !needsSize)
        {
            return;
        }

        var requirement = permission == "storage"
            ? "resource.permission.storage.enabled and a storage.size of 1024 to 1073741824 bytes"
            : $"resource.permission.{permission}.enabled";
        var consequence = enabled
            ? "without a size in that range Dify's daemon rejects manifest.yaml when it reads the plugin package"
            : $"without it Dify answers \"permission denied, you need to enable {permission} access in plugin manifest\"";
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.MissingServicePermission,
            NameLocation(invocation),
            ImmutableDictionary<string, string?>.Empty
                .Add(DifyUsageAnalyzer.ManifestFileProperty, manifestPath)
                .Add(PermissionProperty, permission)
                .Add(NeedsSizeProperty, needsSize ? "true" : "false"),
            CallName(invocation, type),
            requirement,
            consequence));
    }

    private static string CallName(IInvocationOperation invocation, INamedTypeSymbol type) =>
        invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
            ? access.ToString()
            : $"{type.Name}.{invocation.TargetMethod.Name}";

    private static Location NameLocation(IInvocationOperation invocation) =>
        invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
            ? access.Name.GetLocation()
            : invocation.Syntax.GetLocation();
}
