using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Dify.Plugin.Packaging;

/// <summary>
/// Writes a .difypkg: a zip of files only. Dify's daemon hashes every entry it walks (decoder/checksum.go:19-28 reads
/// each entry as a file), so a directory entry (what <c>zip -r</c> writes) fails the upload; and it extracts every file
/// with mode 0644 (decoder/zip.go:335), so the launcher sets the binary's mode itself.
/// </summary>
internal static class DifyPackageWriter
{
    /// <summary>The daemon's limit for the package and for the sum of its uncompressed files (decoder/zip.go:81-101).</summary>
    public const long MaxSize = 52_428_800;

    /// <summary>The zip's entries get this time, so that two builds of the same files give the same bytes.</summary>
    private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes <paramref name="entries"/> in their order; signs when <paramref name="signature"/> is given.</summary>
    public static byte[] Write(IReadOnlyList<PackageEntry> entries, PackageSigning? signature)
    {
        var all = entries.ToList();
        if (signature is not null)
        {
            all.Add(new PackageEntry(PackageSigning.VerificationFile, signature.VerificationJson()));
        }

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8))
        {
            foreach (var entry in all)
            {
                var zipEntry = zip.CreateEntry(entry.Path, CompressionLevel.SmallestSize);
                zipEntry.LastWriteTime = EntryTime;

                // A regular file's Unix mode (0100755 or 0100644) in the high bits: the daemon ignores it, `unzip` by hand
                // keeps the binary runnable.
                zipEntry.ExternalAttributes = (entry.Executable ? 0x81ED : 0x81A4) << 16;
                using var stream = zipEntry.Open();
                stream.Write(entry.Content);
            }

            if (signature is not null)
            {
                zip.Comment = signature.Sign(all.Select(entry => entry.Content));
            }
        }

        return buffer.ToArray();
    }
}

/// <summary>
/// The daemon's package signature (pkg/plugin_packager/signer/withkey/sign_with_key.go:20-133): the SHA-256 of every
/// file in zip order, then of <c>.verification.dify.json</c> (written last), then the Unix time in decimal, signed
/// with RSA PKCS#1 v1.5 over SHA-256 (pkg/utils/encryption/rsa.go:16-19); the zip comment holds
/// <c>{"signature": base64, "time": seconds}</c>. decoder/verifier.go:64-114 checks it against each configured key.
/// </summary>
internal sealed class PackageSigning(RSA key, string authorizedCategory, DateTimeOffset time)
{
    /// <summary>pkg/plugin_packager/consts/verification.go:4.</summary>
    public const string VerificationFile = ".verification.dify.json";

    /// <summary>decoder/entities.go:11-13: <c>{"authorized_category": ...}</c>.</summary>
    public byte[] VerificationJson() => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["authorized_category"] = authorizedCategory });

    public string Sign(IEnumerable<byte[]> contentsInZipOrder)
    {
        using var data = new MemoryStream();
        foreach (var content in contentsInZipOrder)
        {
            data.Write(SHA256.HashData(content));
        }

        var seconds = time.ToUnixTimeSeconds();
        data.Write(Encoding.ASCII.GetBytes(seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var signature = key.SignData(data.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        // Go's encoding/json writes a map's keys sorted: signature, then time.
        return JsonSerializer.Serialize(new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["signature"] = Convert.ToBase64String(signature),
            ["time"] = seconds,
        });
    }
}
