namespace Dify.Plugin.Packaging;

/// <summary>
/// The build errors and warnings of packaging (DIFY3xxx: neither a manifest's YAML nor C# code, but the package as the
/// daemon will receive it), each with a page in docs/diagnostics/.
/// </summary>
internal static class PackagingErrors
{
    public const string HelpLinkBase = "https://github.com/dify-dotnet/dify-plugin/blob/main/docs/diagnostics/";

    /// <summary>manifest.yaml is missing or cannot be read as the daemon reads it.</summary>
    public const string ManifestUnreadable = "DIFY3001";

    /// <summary><c>meta.runner</c> does not start the launcher (language python, entrypoint main).</summary>
    public const string RunnerMismatch = "DIFY3002";

    /// <summary><c>meta.arch</c> differs from the architectures the package ships binaries for.</summary>
    public const string ArchitectureMismatch = "DIFY3003";

    /// <summary>An icon the manifests name is not in _assets.</summary>
    public const string IconMissing = "DIFY3004";

    /// <summary>A provider or tool file the manifests reference is not in the package.</summary>
    public const string ReferencedFileMissing = "DIFY3005";

    /// <summary>The package is over the daemon's size limit, compressed or not.</summary>
    public const string TooLarge = "DIFY3006";

    /// <summary>The signing key cannot be used.</summary>
    public const string SigningKeyUnusable = "DIFY3007";

    /// <summary>Warning: an architecture is shipped as a self-contained single file because Native AOT cannot build it here.</summary>
    public const string NativeAotUnavailable = "DIFY3008";

    public static string HelpLink(string id) => HelpLinkBase + id + ".md";
}
