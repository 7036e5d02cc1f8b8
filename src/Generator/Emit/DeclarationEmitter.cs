using Dify.Plugin.Generator.Helpers;
using Dify.Plugin.Generator.Model;

namespace Dify.Plugin.Generator.Emit;

/// <summary>
/// Writes one manifest's declaration as UTF-8 data, in its own file or in its tool's record file: the host sends it
/// without re-encoding, and editing one manifest regenerates only that manifest's file, not the plugin's registry.
/// </summary>
internal static class DeclarationEmitter
{
    public static string Emit(DeclarationSpec declaration, string @namespace)
    {
        var writer = new SourceWriter();
        writer.FileHeader($"from {CSharpLiterals.Comment(declaration.ManifestPath)}. Change the manifest, not this file.");
        writer.OpenBlock($"namespace {@namespace}");
        WritePart(writer, declaration);
        writer.CloseBlock();
        return writer.Complete();
    }

    /// <summary>The declaration's members of <c>DifyPlugin</c>, inside an open namespace block.</summary>
    public static void WritePart(SourceWriter writer, DeclarationSpec declaration)
    {
        writer.OpenBlock("internal static partial class DifyPlugin");
        var entry = declaration.Entry;
        writer.Line($"/// <summary>What Dify receives for <c>{EscapedText.Xml(declaration.ManifestPath)}</c>, as the Python SDK would send it.</summary>");
        writer.LineWithJsonLiteral($"private static global::System.ReadOnlySpan<byte> {entry.MemberName} => ", declaration.Json, "u8;");
        if (declaration.JsonAfterTools is { } afterTools)
        {
            writer.Line();
            writer.Line("/// <summary>What follows the provider's tools in its declaration.</summary>");
            writer.LineWithJsonLiteral($"private static global::System.ReadOnlySpan<byte> {entry.AfterToolsMemberName} => ", afterTools, "u8;");
        }

        writer.CloseBlock();
    }
}
