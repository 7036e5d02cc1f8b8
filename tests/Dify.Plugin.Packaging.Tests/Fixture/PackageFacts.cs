using System.IO.Compression;
using System.Text.RegularExpressions;

namespace Dify.Plugin.Packaging.Tests.Fixture;

/// <summary>What a test reads from a .difypkg and its binaries.</summary>
internal static partial class PackageFacts
{
    /// <summary>The marker the .NET single-file host carries (dotnet/runtime, HostModel Bundle/Manifest: bundle signature).</summary>
    private static readonly byte[] SingleFileBundleSignature =
    [
        0x8b, 0x12, 0x02, 0xb9, 0x6a, 0x61, 0x20, 0x38, 0x72, 0x7b, 0x93, 0x02, 0x14, 0xd7, 0xa0, 0x32,
        0x13, 0xf5, 0xb9, 0xe6, 0xef, 0xae, 0x33, 0x18, 0xee, 0x3b, 0x2d, 0xce, 0x24, 0xb3, 0x6a, 0xae,
    ];

    public static Dictionary<string, byte[]> Entries(byte[] package)
    {
        using var zip = new ZipArchive(new MemoryStream(package));
        return zip.Entries.ToDictionary(entry => entry.FullName, entry =>
        {
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    }

    public static List<string> EntryNames(byte[] package)
    {
        using var zip = new ZipArchive(new MemoryStream(package));
        return zip.Entries.Select(entry => entry.FullName).ToList();
    }

    /// <summary>The architectures under <c>meta.arch</c> (a block list, as manifests write it).</summary>
    public static List<string> ManifestArchitectures(string manifest) =>
        MetaArch().Match(manifest) is { Success: true } match
            ? match.Groups["items"].Value.Split('\n').Select(line => line.Trim().TrimStart('-').Trim()).Where(item => item.Length > 0).ToList()
            : [];

    /// <summary>The ELF e_machine of a binary, as a Dify architecture.</summary>
    public static string ElfArchitecture(byte[] binary) =>
        binary.AsSpan(0, 4).SequenceEqual("\u007fELF"u8) ? BitConverter.ToUInt16(binary, 18) switch { 0x3E => "amd64", 0xB7 => "arm64", var other => $"machine {other}" } : "not ELF";

    public static bool IsSingleFileBundle(byte[] binary) => binary.AsSpan().IndexOf(SingleFileBundleSignature) >= 0;

    [GeneratedRegex(@"^  arch:\n(?<items>(    - .*\n)+)", RegexOptions.Multiline)]
    private static partial Regex MetaArch();
}
