using System.Linq;
using Dify.Plugin.Generator.Helpers;
using Microsoft.CodeAnalysis;

namespace Dify.Plugin.Generator.Diagnostics;

/// <summary>
/// A diagnostic as plain data: the descriptor's id, where, and the message arguments. Roslyn's <see cref="Diagnostic"/>
/// compares its arguments by reference (roslyn#68291), so pipelines carry this and build the diagnostic at output time.
/// </summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
{
    /// <summary>A diagnostic whose arguments are cut to <see cref="ManifestLimits.MaxArgumentCharacters"/>: they quote manifest text.</summary>
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        new(descriptor.Id, location, arguments.Select(Shorten).ToEquatableArray());

    private static string Shorten(string argument) =>
        argument.Length <= ManifestLimits.MaxArgumentCharacters
            ? argument
            : argument.Substring(0, ManifestLimits.MaxArgumentCharacters - (char.IsHighSurrogate(argument[ManifestLimits.MaxArgumentCharacters - 4]) ? 4 : 3)) + "...";

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(DiagnosticDescriptors.ById(Id), Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None, Arguments.Cast<object>().ToArray());
}
