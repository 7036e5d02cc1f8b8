using System.Collections.Generic;
using Dify.Plugin.Generator.Helpers;
using Dify.Plugin.Generator.Model;

namespace Dify.Plugin.Generator.Emit;

/// <summary>
/// Writes the generated part of every [DifyTool] class, the Tool base and the call into its typed InvokeAsync, in one
/// file: the classes are planned together and rewritten together, and every generated file costs the compiler
/// bookkeeping on every run, a keystroke included.
/// </summary>
internal static class ToolClassEmitter
{
    /// <summary>The file's hint name.</summary>
    public const string HintName = "DifyPlugin.Tools.g.cs";

    public static string Emit(IEnumerable<WiredToolClass> tools)
    {
        var writer = new SourceWriter();
        writer.FileHeader("to connect the [DifyTool] classes to their manifests.");
        var first = true;
        foreach (var tool in tools)
        {
            if (!first)
            {
                writer.Line();
            }

            first = false;
            Emit(writer, tool.Class, tool.RecordType, tool.ManifestPath);
        }

        return writer.Complete();
    }

    private static void Emit(SourceWriter writer, ToolClassSpec toolClass, string recordType, string manifestPath)
    {
        writer.Line($"// {toolClass.ClassName}: {CSharpLiterals.Comment(manifestPath)}");
        if (toolClass.Namespace is not null)
        {
            writer.OpenBlock($"namespace {toolClass.Namespace}");
        }

        foreach (var containing in toolClass.ContainingTypes)
        {
            writer.OpenBlock(containing);
        }

        writer.OpenBlock($"partial class {toolClass.ClassName} : global::Dify.Plugin.Tool");
        writer.Line($"/// <summary>What <c>{CSharpLiterals.Xml(manifestPath)}</c> declares for this tool.</summary>");
        writer.Line($"public static global::Dify.Plugin.ToolDescriptor Descriptor => {recordType}.Descriptor;");
        writer.Line();
        writer.Line("/// <summary>Binds Dify's raw parameters to the typed record and runs <c>InvokeAsync</c>.</summary>");
        writer.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"Dify.Plugin.Generator\", \"1.0.0\")]");
        writer.Line("protected override global::System.Collections.Generic.IAsyncEnumerable<global::Dify.Plugin.ToolInvokeMessage> InvokeCoreAsync(global::Dify.Plugin.ToolParameters parameters, global::System.Threading.CancellationToken cancellationToken) =>");
        writer.Line($"    InvokeAsync({recordType}.Bind(parameters), cancellationToken);");
        writer.CloseBlock();
        foreach (var _ in toolClass.ContainingTypes)
        {
            writer.CloseBlock();
        }

        if (toolClass.Namespace is not null)
        {
            writer.CloseBlock();
        }
    }
}
