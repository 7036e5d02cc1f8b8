namespace Dify.Plugin.Generator.Diagnostics;

/// <summary>
/// What the generator reads and writes for one manifest at most, so that no file (however crafted) can cost more than a
/// fraction of a second or a bounded amount of memory. The largest official manifest is 40 KB with a few thousand
/// nodes; each limit is far above what a real manifest needs. Going over one is DIFY1031, and the file gets no code.
/// </summary>
internal static class ManifestLimits
{
    /// <summary>Characters in one manifest (1 MiB of ASCII).</summary>
    public const int MaxCharacters = 1024 * 1024;

    /// <summary>Keys, values and collections in one manifest as written.</summary>
    public const int MaxNodes = 100_000;

    /// <summary>Keys, values and collections once every alias is expanded (a billion laughs stops here).</summary>
    public const long MaxExpandedNodes = 100_000;

    /// <summary>Diagnostics of one rule reported for one manifest; the rest are counted in one DIFY1032.</summary>
    public const int MaxDiagnosticsPerRule = 100;

    /// <summary>Characters of C# generated for one manifest.</summary>
    public const int MaxGeneratedCharacters = 8 * 1024 * 1024;

    /// <summary>Characters of manifest text quoted in one diagnostic argument.</summary>
    public const int MaxArgumentCharacters = 200;
}
