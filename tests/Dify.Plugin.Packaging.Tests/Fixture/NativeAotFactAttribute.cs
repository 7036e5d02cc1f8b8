using Xunit;

namespace Dify.Plugin.Packaging.Tests.Fixture;

/// <summary>A test of the Native AOT binary: skipped, with the reason, where the machine cannot build one.</summary>
public sealed class NativeAotFactAttribute : FactAttribute
{
    public NativeAotFactAttribute()
    {
        if (Toolchain.NativeAotUnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>What Dify.Plugin.targets looks for before it publishes with Native AOT.</summary>
public static class Toolchain
{
    public static string? NativeAotUnavailableReason =>
        !OperatingSystem.IsLinux() ? "Native AOT for a Dify package is built on Linux only; this machine ships single-file binaries."
        : System.Runtime.InteropServices.RuntimeInformation.OSArchitecture is not (System.Runtime.InteropServices.Architecture.X64 or System.Runtime.InteropServices.Architecture.Arm64) ? "Dify runs plugins on amd64 and arm64 only."
        : !new[] { "clang", "clang-19", "clang-18", "clang-17", "clang-16", "clang-15", "clang-14" }.Any(name => File.Exists("/usr/bin/" + name))
            ? "No clang in /usr/bin: Native AOT needs clang and zlib1g-dev (apt-get install clang zlib1g-dev); the package shipped a single-file binary instead (warning DIFY3008)."
        : !File.Exists("/usr/include/zlib.h")
            ? "No /usr/include/zlib.h: Native AOT needs zlib1g-dev (apt-get install zlib1g-dev); the package shipped a single-file binary instead (warning DIFY3008)."
            : null;

    /// <summary>The Dify name of this machine's architecture.</summary>
    public static string HostArchitecture => System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "arm64" : "amd64";
}
