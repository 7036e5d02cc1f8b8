using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Dify.Plugin.Generator.Helpers;

/// <summary>A place in a file as plain data (0-based lines and columns), safe to cache between generator runs.</summary>
internal sealed record LocationInfo(string FilePath, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    public Location ToLocation() => Location.Create(
        FilePath,
        new TextSpan(Start, Length),
        new LinePositionSpan(new LinePosition(StartLine, StartColumn), new LinePosition(EndLine, EndColumn)));

    public static LocationInfo? From(Location location)
    {
        if (location.SourceTree is null && !location.IsInSource)
        {
            return null;
        }

        var span = location.GetLineSpan();
        return new LocationInfo(span.Path, location.SourceSpan.Start, location.SourceSpan.Length, span.StartLinePosition.Line, span.StartLinePosition.Character, span.EndLinePosition.Line, span.EndLinePosition.Character);
    }
}
